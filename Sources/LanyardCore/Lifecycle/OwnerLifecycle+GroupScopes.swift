import Foundation
import LanyardAudit
import LanyardModel

/// Scopes granted through directory groups (``IdentityTemplate/groupScopes``) follow membership: the token endpoint
/// grants them only while the owner is an active member, and when the identity provider takes the person out of the
/// group, the live credentials that carry such a scope are revoked in the same transaction.
extension OwnerLifecycle {
    /// Credential records read per page while looking for credentials to revoke.
    static let credentialPageSize = 500

    /// After `userNames` stopped being members of the group named `group` (removed, the group deleted or renamed):
    /// revokes every live credential of their active or suspended identities that carries a scope their template
    /// grants only through a group they are no longer in. Each identity touched gets one `credential.revoke` event and
    /// one `credential.revoked` webhook.
    func revokeGroupScopes(
        lost group: String, userNames: [String], tenant: String, actor: String, at now: Date, in session: any StoreSession
    ) async throws {
        for userName in userNames {
            var remaining: Set<String>?
            try await forEachIdentity(of: userName, tenant: tenant, in: session) { identity, template in
                guard identity.status == .active || identity.status == .suspended, let template, template.groupScopes[group] != nil else { return }
                let groups: Set<String>
                if let known = remaining {
                    groups = known
                } else {
                    groups = try await DirectoryOwner.read(userName, tenant: tenant, in: session).groups
                    remaining = groups
                }
                try await revokeScopes(of: identity, template: template, ownerGroups: groups, lost: group, actor: actor, at: now, in: session)
            }
        }
    }

    /// Revokes the live credentials of `identity` carrying a scope `template` no longer allows it with `ownerGroups`.
    private func revokeScopes(
        of identity: Identity, template: IdentityTemplate, ownerGroups: Set<String>, lost group: String, actor: String, at now: Date,
        in session: any StoreSession
    ) async throws {
        // Credentials are listed newest first; none issued more than the template's longest token lifetime ago is live
        // (two seconds more: issue times are stored in whole seconds).
        let oldest = now.addingTimeInterval(-TimeInterval(template.maxTokenTTL.seconds) - 2)
        let reason = "the owner '\(identity.owner)' left the group '\(group)' that granted its scopes"
        var revoked: [CredentialRecord] = []
        var after: (issuedAt: Date, jti: String)?
        pages: while true {
            let page = try await session.credentials(tenant: identity.tenant, identityId: identity.id, after: after, limit: Self.credentialPageSize)
            for record in page {
                guard record.issuedAt >= oldest else { break pages }
                guard record.revokedAt == nil, record.expiresAt > now,
                    record.scopes.contains(where: { !template.allows(scope: $0, ownerGroups: ownerGroups) })
                else { continue }
                revoked += try await session.revokeCredentials(tenant: identity.tenant, target: .credential(jti: record.jti), at: now, reason: reason)
            }
            guard page.count == Self.credentialPageSize, let last = page.last else { break }
            after = (last.issuedAt, last.jti)
        }
        guard !revoked.isEmpty else { return }
        try await audit.record(
            AuditEvent(
                tenant: identity.tenant, at: now, actor: actor, action: .credentialRevoke, target: "identity:\(identity.id)",
                details: [
                    "reason": reason, "group": group, "count": String(revoked.count),
                    "credentials": revoked.prefix(100).map(\.jti).joined(separator: " "),
                ]),
            in: session)
        try await outbox.queue(.credentialsRevoked(revoked, tenant: identity.tenant, reason: reason, at: now), in: session)
    }
}
