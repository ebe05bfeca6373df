import LanyardAPI
import Foundation
import LanyardAudit
public import LanyardCredentials
public import LanyardModel

/// Tenants' signing keys: provisioning, loading into the ``KeyRing`` at start, rotation.
///
/// Every tenant has, per algorithm (EdDSA, ES256), an `active` key that signs and a `next` key that is already
/// published. Rotation makes `next` active, retires the old active key (still published until every token it
/// signed has expired) and publishes a new `next`.
public struct KeyManagement: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Where new signing keys come from.
    let random: any RandomSource
    public let ring: KeyRing

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, ring: KeyRing, random: any RandomSource = SystemRandom()) {
        self.random = random
        self.store = store
        self.audit = audit
        self.clock = clock
        self.ring = ring
    }

    /// Inserts an active and a next key per algorithm for a new tenant, inside the caller's transaction.
    func provision(tenant: String, in session: any StoreSession, now: Date) async throws {
        for algorithm in SigningAlgorithm.allCases {
            for state in [SigningKeyState.active, .next] {
                try await session.insertSigningKey(try ring.seal(.generate(algorithm, using: random), tenant: tenant, state: state, createdAt: now))
            }
        }
    }

    /// Loads every tenant's keys into the ring, provisioning keys for any tenant that has none.
    public func loadAll() async throws {
        let now = clock.now()
        let tenants = try await store.read { try await $0.tenants() }
        for tenant in tenants {
            var records = try await store.read { try await $0.signingKeys(tenant: tenant.name) }
            if records.isEmpty {
                try await store.write { session in
                    if try await session.signingKeys(tenant: tenant.name).isEmpty {
                        try await provision(tenant: tenant.name, in: session, now: now)
                    }
                }
                records = try await store.read { try await $0.signingKeys(tenant: tenant.name) }
            }
            try await ring.load(tenant: tenant.name, records: records, now: now)
        }
    }

    /// Reloads one tenant's keys from storage.
    public func reload(tenant: String) async throws {
        let records = try await store.read { try await $0.signingKeys(tenant: tenant) }
        try await ring.load(tenant: tenant, records: records, now: clock.now())
    }

    /// Signing keys per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the tenant's keys, oldest first (creation time, then `kid`; retired keys are kept, so the list
    /// grows with every rotation).
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func list(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<SigningKeyRecord> {
        try AdminRoles.require(.keyList, principal, tenant: tenant)
        return try await Page.read(page, list: "signing-keys", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, kid: $0.id) }
            return try await store.read { try await $0.signingKeys(tenant: tenant, after: position, limit: limit) }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.kid]
        }
    }

    /// Rotates the keys of `algorithm` (or of every algorithm) for `tenant`.
    ///
    /// - Throws: `not_found` for an unknown tenant; `invalid_state` when another rotation of the same keys (on
    ///   another node) committed first — nothing was changed, and a retry rotates again.
    public func rotate(tenant: String, algorithm: SigningAlgorithm?, by principal: Principal) async throws -> [SigningKeyRecord] {
        try AdminRoles.require(.keyRotate, principal, tenant: tenant)
        let now = clock.now()
        let algorithms = algorithm.map { [$0] } ?? SigningAlgorithm.allCases
        let records = try await store.write { session -> [SigningKeyRecord] in
            guard try await session.tenant(named: tenant) != nil else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            let keys = try await session.signingKeys(tenant: tenant)
            return try await rotate(keys, of: algorithms, tenant: tenant, actor: principal.actor, details: [:], now: now, in: session)
        }
        try await ring.load(tenant: tenant, records: records, now: now)
        return records
    }

    /// Within `session`: retires the active key of each of `algorithms`, activates its `next` key and publishes a
    /// new `next`, then records `keys.rotate` by `actor`. Each key moves only from the state it was read in, so of
    /// two rotations racing on several nodes one lands and the other throws `invalid_state` (rolled back).
    func rotate(
        _ current: [SigningKeyRecord], of algorithms: [SigningAlgorithm], tenant: String, actor: String, details: [String: String], now: Date,
        in session: any StoreSession
    ) async throws -> [SigningKeyRecord] {
        // The old key stays published until the longest-lived token it may have signed has expired.
        let longest = try await session.templates(tenant: tenant).map(\.maxTokenTTL.seconds).max() ?? 3600
        let retireAt = now.addingTimeInterval(TimeInterval(longest + Self.retirementMargin))
        var keys = current
        for algorithm in algorithms {
            for index in keys.indices where keys[index].algorithm == algorithm {
                let previous = keys[index].state
                switch previous {
                case .active:
                    keys[index].state = .retired
                    keys[index].publishUntil = retireAt
                case .next:
                    keys[index].state = .active
                case .retired:
                    continue
                }
                guard try await session.updateSigningKey(keys[index], from: previous) else {
                    throw LanyardError(.invalidState, "The signing keys of tenant \(tenant) were rotated at the same time by another request; try again.")
                }
            }
            let next = try ring.seal(.generate(algorithm, using: random), tenant: tenant, state: .next, createdAt: now)
            try await session.insertSigningKey(next)
            keys.append(next)
        }
        var recorded = details
        recorded["algorithms"] = algorithms.map(\.rawValue).joined(separator: " ")
        recorded["active"] = keys.filter { $0.state == .active }.map(\.kid).joined(separator: " ")
        try await audit.record(
            AuditEvent(tenant: tenant, at: now, actor: actor, action: .keysRotate, target: "tenant:\(tenant)", details: recorded), in: session)
        return keys
    }

    /// Seconds a retired key stays published beyond the longest token lifetime of its tenant's templates. Other
    /// nodes may sign with the old key until they reload their keys (``KeyRefresh``), which must take less.
    static let retirementMargin: Int64 = 60
}
