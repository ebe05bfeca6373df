public import LanyardModel
public import Logging

/// Renews every tenant's credentials of issuance before they age out: rotates signing keys older than
/// ``keyMaxAge`` and renews intermediate CAs with less than a third of their lifetime left. A ``LeaderJob``; each
/// renewal is race-safe on its own (see ``KeyManagement/rotateIfDue(tenant:maxAge:)`` and
/// ``X509Authorities/renewIfDue(tenant:store:audit:ring:now:)``). One tenant's failure does not hold up the others.
public struct CredentialRenewal: LeaderJob {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let keys: KeyManagement
    let authorities: X509Authorities
    /// How long an active signing key signs before it is rotated.
    public let keyMaxAge: TimeSpan
    public let interval: Duration
    let logger: Logger

    public var name: String { "credential-renewal" }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, keys: KeyManagement, authorities: X509Authorities, keyMaxAge: TimeSpan,
        interval: Duration, logger: Logger
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.keys = keys
        self.authorities = authorities
        self.keyMaxAge = keyMaxAge
        self.interval = interval
        self.logger = logger
    }

    public func runPass() async throws {
        for tenant in try await store.read({ try await $0.tenants() }) {
            do {
                let rotated = try await keys.rotateIfDue(tenant: tenant.name, maxAge: keyMaxAge)
                if !rotated.isEmpty {
                    logger.notice("rotated signing keys", metadata: ["tenant": "\(tenant.name)", "algorithms": "\(rotated.map(\.rawValue))"])
                }
                if try await authorities.renewIfDue(tenant: tenant.name, store: store, audit: audit, ring: keys.ring, now: clock.now()) {
                    logger.notice("renewed the SPIFFE intermediate CA", metadata: ["tenant": "\(tenant.name)"])
                }
            } catch {
                logger.error("credential renewal failed; will retry", metadata: ["tenant": "\(tenant.name)", "error": "\(error)"])
            }
        }
    }
}
