public import LanyardCredentials
public import LanyardModel
public import Logging
public import ServiceLifecycle

/// Moves identities past their `expiresAt` to `expired`, and records each move in the audit trail.
///
/// Runs as a `Service` in the server's service group, every ``interval``; ``sweep()`` does one pass and is
/// what tests call with an injected clock.
public struct ExpirySweeper: Service {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let interval: Duration
    let logger: Logger
    /// Identities expired per transaction.
    let batchSize: Int
    /// When set, an expired identity's live credentials are revoked at once.
    let revocations: RevocationList?

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, interval: Duration, logger: Logger, batchSize: Int = 100,
        revocations: RevocationList? = nil
    ) {
        self.revocations = revocations
        self.store = store
        self.audit = audit
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.batchSize = batchSize
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await sweep()
                if count > 0 { logger.info("expired identities", metadata: ["count": "\(count)"]) }
            } catch {
                logger.error("expiry sweep failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Expires every identity that is due now. Returns how many were expired.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        var total = 0
        while true {
            let moved = try await store.write { session in
                let due = try await session.identitiesDue(expiringAtOrBefore: now, limit: batchSize)
                for identity in due {
                    var expired = identity
                    expired.status = .expired
                    expired.updatedAt = now
                    try await session.updateIdentity(expired)
                    _ = try await session.revokeCredentials(tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: "identity.expire")
                    try await audit.record(
                        AuditEvent(
                            tenant: identity.tenant, at: now, actor: "system:sweeper", action: "identity.expire",
                            target: "identity:\(identity.id)", before: LanyardJSON.value(of: identity),
                            after: LanyardJSON.value(of: expired)),
                        in: session
                    )
                }
                return due.map(\.id)
            }
            for id in moved { revocations?.revokeIdentity(id, at: Int64(now.timeIntervalSince1970)) }
            total += moved.count
            if moved.count < batchSize { return total }
        }
    }
}
