import Foundation
import LanyardModel

/// Revoking the live credentials of one identity that carry scopes it may no longer have — when its owner leaves a
/// group that granted them (``IdentityTemplate/groupScopes``) or an entitlement that unlocked them ends — while
/// tokens with only other scopes keep working. Tokens exchanged from a revoked one are revoked with it.
enum ScopedRevocation {
    /// Credential records read per page.
    static let pageSize = 500

    /// Revokes every live credential of `identity` for which `lost` is true (of its scopes), with `reason`; returns
    /// them. Only credentials issued within `maxTokenTTL` of `now` can be live, so older pages are not read.
    static func revoke(
        of identity: Identity, maxTokenTTL: TimeSpan, reason: String, at now: Date, in session: any StoreSession,
        where lost: (_ scope: String) -> Bool
    ) async throws -> [CredentialRecord] {
        // Credentials are listed newest first (two seconds more: issue times are stored in whole seconds).
        let oldest = now.addingTimeInterval(-TimeInterval(maxTokenTTL.seconds) - 2)
        var revoked: [CredentialRecord] = []
        var after: (issuedAt: Date, jti: String)?
        pages: while true {
            let page = try await session.credentials(tenant: identity.tenant, identityId: identity.id, after: after, limit: pageSize)
            for record in page {
                guard record.issuedAt >= oldest else { break pages }
                guard record.revokedAt == nil, record.expiresAt > now, record.scopes.contains(where: lost) else { continue }
                revoked += try await session.revokeCredentials(tenant: identity.tenant, target: .credential(jti: record.jti), at: now, reason: reason)
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = (last.issuedAt, last.jti)
        }
        return revoked
    }
}
