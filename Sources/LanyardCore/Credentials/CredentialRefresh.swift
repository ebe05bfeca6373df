import Foundation
import LanyardCredentials
public import LanyardModel
public import Logging
public import ServiceLifecycle

/// Keeps what this node signs with up to date with the store, on every node: every ``interval`` it reloads a
/// tenant's signing keys into the ``KeyRing`` when they changed (rotated on another node, a new tenant) or a retired
/// key's publication ended, and re-reads a cached intermediate CA renewed on another node.
///
/// This bounds how long a node signs with a superseded key or intermediate: one interval. A retired key stays
/// published ``KeyManagement/retirementMargin`` seconds beyond the longest token lifetime, so the interval must be
/// shorter than that margin (the default, 10 s, is).
public struct CredentialRefresh: Service {
    let store: any LanyardStore
    let clock: any WallClock
    let keys: KeyManagement
    let authorities: X509Authorities
    public let interval: Duration
    let logger: Logger

    public init(store: any LanyardStore, clock: any WallClock, keys: KeyManagement, authorities: X509Authorities, interval: Duration, logger: Logger) {
        self.store = store
        self.clock = clock
        self.keys = keys
        self.authorities = authorities
        self.interval = interval
        self.logger = logger
    }

    /// What this node last loaded of one tenant's keys.
    public struct Loaded: Sendable, Equatable {
        /// Each key's id, state and end of publication, in order.
        var fingerprint: [String]
        /// The earliest end of publication still ahead when loaded: the ring must drop that key then.
        var nextDrop: Date?

        init(_ records: [SigningKeyRecord], now: Date) {
            fingerprint = records.map { "\($0.kid) \($0.state.rawValue) \($0.publishUntil.map { String(AuditEvent.seconds(of: $0)) } ?? "-")" }
            nextDrop = records.compactMap(\.publishUntil).filter { $0 > now }.min()
        }

        /// Whether keys `now` read as `records` need loading again.
        func isStale(comparedWith records: [SigningKeyRecord], now: Date) -> Bool {
            if let nextDrop, nextDrop <= now { return true }
            return Loaded(records, now: now).fingerprint != fingerprint
        }
    }

    public func run() async throws {
        var loaded: [String: Loaded] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            do {
                loaded = try await refresh(loaded)
            } catch {
                logger.error("reloading signing keys and CAs failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One pass: reloads what changed since `loaded` (a tenant first seen is loaded) and returns what is loaded now.
    public func refresh(_ loaded: [String: Loaded]) async throws -> [String: Loaded] {
        var now = clock.now()
        var next = loaded
        for tenant in try await store.read({ try await $0.tenants() }) {
            let records = try await store.read { try await $0.signingKeys(tenant: tenant.name) }
            now = clock.now()
            if loaded[tenant.name]?.isStale(comparedWith: records, now: now) ?? true {
                try await keys.ring.load(tenant: tenant.name, records: records, now: now)
                next[tenant.name] = Loaded(records, now: now)
            }
            try await authorities.refresh(tenant: tenant.name, store: store, ring: keys.ring)
        }
        return next
    }
}
