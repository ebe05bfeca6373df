import Foundation
import LanyardAudit
import LanyardModel

/// Scopes granted through directory groups (``IdentityTemplate/groupScopes``) follow membership: the token endpoint
/// grants them only while the owner is an active member, and when the identity provider takes the person out of the
/// group, the live credentials that carry such a scope are revoked in the same transaction.
extension OwnerLifecycle {
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
        let reason = "the owner '\(identity.owner)' left the group '\(group)' that granted its scopes"
        let revoked = try await ScopedRevocation.revoke(of: identity, maxTokenTTL: template.maxTokenTTL, reason: reason, at: now, in: session) {
            !template.allows(scope: $0, ownerGroups: ownerGroups)
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
