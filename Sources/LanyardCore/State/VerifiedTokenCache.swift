import Crypto
package import LanyardCredentials
import Synchronization

/// Claims of tokens whose signature was already verified, keyed by the SHA-256 of tenant and token, so a
/// token presented again costs a hash instead of a signature check. Expiry and revocation are still checked
/// on every use. Bounded: when full it is emptied.
package final class VerifiedTokenCache: Sendable {
    private let entries = Mutex([SHA256Digest: AccessTokenClaims]())
    private let capacity = 100_000

    package init() {}

    package func get(_ token: String, tenant: String) -> AccessTokenClaims? {
        let key = Self.key(token, tenant: tenant)
        return entries.withLock { $0[key] }
    }

    package func put(_ token: String, tenant: String, claims: AccessTokenClaims) {
        let key = Self.key(token, tenant: tenant)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = claims
        }
    }

    private static func key(_ token: String, tenant: String) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data: Array(tenant.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(token.utf8))
        return hasher.finalize()
    }
}
