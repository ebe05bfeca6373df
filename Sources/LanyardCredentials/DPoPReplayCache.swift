import Synchronization

/// DPoP proofs already seen (RFC 9449 §11.1), per tenant, keyed by the proof's key thumbprint and `jti`, kept
/// until their `iat` falls out of the acceptance window (after which the proof is refused as stale anyway).
///
/// In memory, per node: on a cluster, a proof replayed to another node within the window is not caught by this
/// cache (the window is short, and a proof is bound to one method and URL). Bounded per tenant: when a tenant's
/// share is full of live entries, new proofs of that tenant are refused (fail closed), and other tenants are
/// unaffected.
public final class DPoPReplayCache: Sendable {
    private let tenants = Mutex([String: [String: Int64]]())
    private let capacityPerTenant: Int

    public init(capacityPerTenant: Int = 100_000) { self.capacityPerTenant = capacityPerTenant }

    /// Records the proof `jti` of key `jkt` in `tenant` until `expiresAt` (Unix seconds).
    ///
    /// - Returns: `false` when it was seen before and has not expired (a replay), or when the tenant's share is
    ///   full of live entries.
    public func insert(tenant: String, jkt: String, jti: String, expiresAt: Int64, now: Int64) -> Bool {
        let key = jkt + "\u{0}" + jti
        return tenants.withLock { tenants in
            if let existing = tenants[tenant]?[key], existing >= now { return false }
            if (tenants[tenant]?.count ?? 0) >= capacityPerTenant {
                tenants[tenant, default: [:]] = tenants[tenant, default: [:]].filter { $0.value >= now }
                if (tenants[tenant]?.count ?? 0) >= capacityPerTenant { return false }
            }
            tenants[tenant, default: [:]][key] = expiresAt
            return true
        }
    }
}
