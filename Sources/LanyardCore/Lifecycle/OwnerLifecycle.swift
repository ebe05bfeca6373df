import Foundation
import LanyardAudit
import LanyardModel

/// An owner's status changes, and the leaver cascade: what happens, in one transaction, when the person who owns
/// identities leaves.
///
/// ``setStatus(owner:active:reason:tenant:actor:at:in:)`` is the one place an owner becomes inactive or active,
/// whatever asked for it (SCIM `active: false` or a user's deletion, or `POST /owners/{owner}/deactivate`). It runs
/// in the caller's transaction, so either all of it commits with the departure or none of it does:
/// - every active or suspended identity the person owns becomes `orphaned` (it may not act), with the end of its
///   template's grace period; every credential of it is revoked (the per-identity cut-off reaches introspection on
///   every node through the change stream);
/// - an `orphaned-identity` finding is raised for each, and an `identity.orphaned` webhook is queued, naming the
///   backup owner to tell;
/// - the person's own administrator tokens in the tenant (the `owner` and `builder` tokens with them as subject)
///   are revoked.
///
/// Identities stay orphaned when the person comes back: someone decides, by transferring them (to the same person
/// if they like). ``ExpirySweeper`` suspends those whose grace period ends first.
struct OwnerLifecycle: Sendable {
    let audit: any AuditLog
    let random: any RandomSource

    var outbox: WebhookOutbox { WebhookOutbox(random: random) }

    /// Identities read per page while orphaning.
    static let pageSize = 500

    /// Records `owner`'s status with its audit event; a departure also queues `owner.deactivated` and runs the
    /// leaver cascade.
    @discardableResult
    func setStatus(owner: String, active: Bool, reason: String?, tenant: String, actor: String, at now: Date, in session: any StoreSession)
        async throws -> OwnerStatus
    {
        let status = OwnerStatus(owner: owner, active: active, changedAt: now, changedBy: actor, reason: reason)
        try await session.setOwnerStatus(tenant: tenant, status)
        var details = ["owner": owner]
        details["reason"] = reason
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: actor, action: active ? .ownerActivate : .ownerDeactivate, target: "owner:\(owner)",
                details: details),
            in: session)
        guard !active else { return status }
        let event = WebhookEvent(
            type: .ownerDeactivated, tenant: tenant, occurredAt: now, data: .object(JSONObject(details.mapValues(JSONValue.string))))
        try await outbox.queue(event, in: session)
        try await orphanIdentities(of: owner, reason: reason ?? "owner deactivated", tenant: tenant, actor: actor, at: now, in: session)
        return status
    }

    /// Runs the cascade for `owner` of `tenant`: every active or suspended identity they own is orphaned and their own
    /// admin tokens are revoked. Returns the identities it orphaned.
    @discardableResult
    func orphanIdentities(of owner: String, reason: String, tenant: String, actor: String, at now: Date, in session: any StoreSession) async throws
        -> [Identity]
    {
        let orphaned = try await orphanIdentities(of: owner, reason: reason, tenant: tenant, actor: actor, at: now, in: session) { _ in true }
        try await revokeAdminTokens(of: owner, tenant: tenant, actor: actor, at: now, in: session)
        return orphaned
    }

    /// Orphans the active or suspended identities of `owner` whose template `applies` (the owner left a group one
    /// template requires: only that template's identities lose their owner). Returns them.
    func orphanIdentities(
        of owner: String, reason: String, tenant: String, actor: String, at now: Date, in session: any StoreSession,
        where applies: (IdentityTemplate?) -> Bool
    ) async throws -> [Identity] {
        var orphaned: [Identity] = []
        try await forEachIdentity(of: owner, tenant: tenant, in: session) { identity, template in
            guard identity.status == .active || identity.status == .suspended, applies(template) else { return }
            let grace = template?.orphanGracePeriod ?? IdentityTemplate.defaultOrphanGracePeriod
            orphaned.append(try await orphan(identity, grace: grace, reason: reason, actor: actor, at: now, in: session))
        }
        return orphaned
    }

    /// Visits every identity `owner` owns in `tenant`, by name, with its template (each template read once).
    func forEachIdentity(
        of owner: String, tenant: String, in session: any StoreSession, _ body: (Identity, IdentityTemplate?) async throws -> Void
    ) async throws {
        var templates: [String: IdentityTemplate?] = [:]
        var after: String?
        while true {
            let page = try await session.identities(tenant: tenant, filter: IdentityFilter(owner: owner, limit: Self.pageSize, after: after))
            for identity in page {
                let template: IdentityTemplate?
                if let known = templates[identity.template] {
                    template = known
                } else {
                    template = try await session.template(tenant: tenant, name: identity.template)
                    templates[identity.template] = template
                }
                try await body(identity, template)
            }
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.name
        }
    }

    /// The people removed from `group` lose the identities whose template requires that group
    /// (``IdentityTemplate/ownerGroup``), and the scopes templates grant through it
    /// (``revokeGroupScopes(lost:userNames:tenant:actor:at:in:)``).
    func leftGroup(_ group: String, userNames: [String], tenant: String, actor: String, at now: Date, in session: any StoreSession) async throws {
        for userName in userNames {
            try await orphanIdentities(
                of: userName, reason: "left the group '\(group)' their identity's template requires", tenant: tenant, actor: actor, at: now,
                in: session
            ) { template in
                template?.ownerGroup == group
            }
        }
        try await revokeGroupScopes(lost: group, userNames: userNames, tenant: tenant, actor: actor, at: now, in: session)
    }

    private func orphan(_ identity: Identity, grace: TimeSpan, reason: String, actor: String, at now: Date, in session: any StoreSession)
        async throws -> Identity
    {
        var updated = identity
        updated.status = .orphaned
        updated.orphanedAt = now
        updated.orphanGraceEndsAt = now.addingTimeInterval(TimeInterval(grace.seconds))
        updated.updatedAt = now
        try await session.updateIdentity(updated)
        let revoked = try await session.revokeCredentials(
            tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: AuditAction.identityOrphan.rawValue)
        let graceEnds = RFC3339Seconds.format(AuditEvent.seconds(of: updated.orphanGraceEndsAt ?? now))
        var generator = random.generator()
        var facts = ["owner": identity.owner, "reason": reason, "graceEndsAt": graceEnds]
        facts["backupOwner"] = identity.backupOwner
        let finding = Finding(
            id: IdentifierFormat.make(prefix: "fnd", using: &generator), tenant: identity.tenant, kind: .orphanedIdentity, severity: .high,
            subject: "identity:\(identity.id)",
            summary:
                "Identity '\(identity.name)' lost its owner '\(identity.owner)'; it may not act, and it is suspended at \(graceEnds) unless it is transferred to an active owner.",
            details: facts, createdAt: now)
        let raised = try await session.raiseFinding(finding)
        var details = facts
        details["revokedCredentials"] = String(revoked.count)
        if raised { details["finding"] = finding.id }
        try await audit.record(
            AuditEvent(
                tenant: identity.tenant, at: now, actor: actor, action: .identityOrphan, target: "identity:\(identity.id)",
                before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: updated), details: details),
            in: session)
        try await outbox.queue(.identity(.identityOrphaned, updated, at: now, details: details), in: session)
        return updated
    }

    /// The person's own administrator tokens stop working with them.
    private func revokeAdminTokens(of owner: String, tenant: String, actor: String, at now: Date, in session: any StoreSession) async throws {
        for record in try await session.adminTokens(tenant: tenant) where record.subject == owner && record.revokedAt == nil {
            guard try await session.revokeAdminToken(id: record.id, tenant: tenant, at: now) else { continue }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .adminTokenRevoke, target: "admin_token:\(record.id)",
                    details: ["role": record.role.rawValue, "reason": "its subject '\(owner)' left"]),
                in: session)
        }
    }
}
