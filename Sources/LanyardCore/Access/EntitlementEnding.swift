import Foundation
import LanyardAudit
import LanyardModel

/// The one way an entitlement ends, whatever ends it — an administrator's revocation, a cancelled request, its one
/// use, its task's end, its expiry, its identity's offboarding — inside the caller's transaction:
/// - the row ends once (a conditional update: of two racing ends exactly one happens; the other finds nothing);
/// - every node stops honouring it at once (``StateChange/entitlementEnded(tenant:id:expiresAt:)``);
/// - the access request it came from, if any, ends with it;
/// - live access tokens of its identity that carry a scope only it unlocked are revoked;
/// - `entitlement.revoke` (someone revoked it) or `entitlement.end` is audited, and `entitlement.ended` is queued.
struct EntitlementEnding: Sendable {
    let audit: any AuditLog
    let random: any RandomSource

    /// Ends entitlement `id` of `tenant` as `status`; returns it ended, or nil when it was no longer active.
    @discardableResult
    func end(
        _ id: String, tenant: String, as status: EntitlementStatus, reason: String, actor: String, at now: Date, in session: any StoreSession
    ) async throws -> Entitlement? {
        guard let ended = try await session.endEntitlement(tenant: tenant, id: id, status: status, at: now, by: actor, reason: reason) else {
            return nil
        }
        let revoked = try await revokeUnlockedScopes(of: ended, at: now, in: session)
        try await endRequest(of: ended, reason: reason, actor: actor, at: now, in: session)
        var details = ["status": status.rawValue, "reason": reason, "principal": ended.principal, "tier": ended.tier.description]
        if !revoked.isEmpty {
            details["revokedCredentials"] = String(revoked.count)
            details["credentials"] = revoked.prefix(100).map(\.jti).joined(separator: " ")
        }
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: actor, action: status == .revoked ? .entitlementRevoke : .entitlementEnd,
                target: "entitlement:\(id)", before: nil, after: LanyardJSON.value(of: ended), details: details),
            in: session)
        let outbox = WebhookOutbox(random: random)
        try await outbox.queue(.entitlement(.entitlementEnded, ended, at: now), in: session)
        if !revoked.isEmpty { try await outbox.queue(.credentialsRevoked(revoked, tenant: tenant, reason: reason, at: now), in: session) }
        return ended
    }

    /// Ends every active entitlement of `tenant` matching `filter` (its task's, its identity's) as `status`.
    @discardableResult
    func endAll(
        matching filter: EntitlementFilter, tenant: String, as status: EntitlementStatus, reason: String, actor: String, at now: Date,
        in session: any StoreSession
    ) async throws -> [Entitlement] {
        var active = filter
        active.status = .active
        var ended: [Entitlement] = []
        for entitlement in try await session.entitlements(tenant: tenant, filter: active, after: nil, limit: nil) {
            if let done = try await end(entitlement.id, tenant: tenant, as: status, reason: reason, actor: actor, at: now, in: session) {
                ended.append(done)
            }
        }
        return ended
    }

    /// The access request the entitlement came from ends with it (unless it already did: a cancellation ends the
    /// request first).
    private func endRequest(of ended: Entitlement, reason: String, actor: String, at now: Date, in session: any StoreSession) async throws {
        guard let id = ended.request, let (request, revision) = try await session.accessRequest(tenant: ended.tenant, id: id),
            request.status == .active
        else { return }
        guard try await session.updateAccessRequest(try request.end(reason: reason, by: actor, at: now), revision: revision) else {
            throw LanyardError(.invalidState, "Access request \(id) changed while its entitlement ended; try again.")
        }
    }

    /// Revokes the identity's live tokens carrying a scope that `ended` unlocked and no other live entitlement of the
    /// identity still does (scopes the template grants without an approval stay).
    private func revokeUnlockedScopes(of ended: Entitlement, at now: Date, in session: any StoreSession) async throws -> [CredentialRecord] {
        guard !ended.scopes.isEmpty, let principal = try? EntityReference.parse(ended.principal, field: "principal", allowWildcard: false),
            principal.type == LanyardCedarModel.identityType, let identityID = principal.id,
            let identity = try await session.identity(tenant: ended.tenant, id: identityID),
            let template = try await session.template(tenant: ended.tenant, name: identity.template)
        else { return [] }
        let others = try await session.entitlements(
            tenant: ended.tenant, filter: EntitlementFilter(status: .active, principal: ended.principal), after: nil, limit: nil)
        let stillUnlocked = Set(others.filter { $0.isLive(at: now) }.flatMap(\.scopes))
        let lost = Set(ended.scopes).subtracting(stillUnlocked).filter { template.needsApproval(scope: $0) }
        guard !lost.isEmpty else { return [] }
        return try await ScopedRevocation.revoke(
            of: identity, maxTokenTTL: template.maxTokenTTL, reason: "entitlement \(ended.id) ended", at: now, in: session
        ) { lost.contains($0) }
    }
}
