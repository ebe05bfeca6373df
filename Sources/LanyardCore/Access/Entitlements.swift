public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Entitlements: access granted beyond the tenant's policies, for a bounded time, to an identity or a group of
/// identities. An administrator grants and revokes them here; access requests and break-glass grant through
/// ``insert(_:actor:in:)``. Ends go through ``EntitlementEnding``.
///
/// A grant is in force at the decision point when the request returns (the tenant's live set is reloaded before
/// answering), and an end at once on every node (``StateChange/entitlementEnded(tenant:id:expiresAt:)``).
public struct Entitlements: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let state: TenantState

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, state: TenantState) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.state = state
    }

    /// The longest an entitlement lasts.
    public static let maxDuration = TimeSpan.days(90)
    /// The most characters of a reason.
    public static let maxReason = 2000
    /// The most actions and scopes of one entitlement.
    public static let maxActions = 32
    public static let maxScopes = 32
    /// Entitlements per page when the request names no `limit`.
    public static let defaultPageSize = 100

    var ending: EntitlementEnding { EntitlementEnding(audit: audit, random: random) }

    /// Grants what `request` describes, as `principal`.
    /// - Throws: `invalid_field` for a bad tier, duration, reason, reference, action or scope; `not_found` for an
    ///   unknown identity, resource identity or task; `invalid_state` for an identity that is not active or a task
    ///   that is not open; `forbidden`.
    public func grant(_ request: GrantEntitlementRequest, tenant: String, by principal: Principal) async throws -> Entitlement {
        try AdminRoles.require(.entitlementGrant, principal, tenant: tenant)
        let tier = try AccessTier.parse(request.tier, field: "tier")
        let actions = try Self.checkActions(request.actions ?? tier.defaultActions)
        let duration = try TimeSpan(parsing: request.duration, field: "duration")
        guard duration <= Self.maxDuration else {
            throw LanyardError.invalid("duration", "An entitlement lasts at most \(Self.maxDuration), not \(duration).")
        }
        guard let reason = try NameRules.checkText(request.reason, field: "reason", maxLength: Self.maxReason, required: true) else {
            throw LanyardError.invalid("reason", "reason is required.")
        }
        let resource = try EntityReference.parse(request.resource, field: "resource", allowWildcard: true)
        let scopes = try Templates.checkScopes(request.scopes ?? [], field: "scopes")
        guard scopes.count <= Self.maxScopes else { throw LanyardError.invalid("scopes", "At most \(Self.maxScopes) scopes.") }
        let now = clock.now()
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "ent", using: &generator)
        let granted = try await store.write { session in
            let target = try await Self.principal(request.principal, tenant: tenant, in: session)
            try await Self.requireKnown(resource, tenant: tenant, in: session)
            var expiresAt = now.addingTimeInterval(TimeInterval(duration.seconds))
            if let identity = target.identity {
                expiresAt = min(expiresAt, identity.expiresAt)
                try await Self.checkUnlocked(scopes, of: identity, in: session)
            } else if !scopes.isEmpty {
                throw LanyardError.invalid("scopes", "Scopes are unlocked for one identity; name an identity as the principal.")
            }
            var task: String?
            if let taskID = request.task {
                guard let identity = target.identity else {
                    throw LanyardError.invalid("task", "A task belongs to one identity; name that identity as the principal.")
                }
                let open = try await Self.openTask(taskID, of: identity, at: now, in: session)
                expiresAt = min(expiresAt, open.expiresAt)
                task = open.id
            }
            let entitlement = Entitlement(
                id: id, tenant: tenant, principal: target.reference.description, tier: tier, actions: actions, resource: resource.description,
                scopes: scopes, grantor: principal.actor, reason: reason, createdAt: now, expiresAt: expiresAt, task: task,
                singleUse: request.singleUse ?? false)
            return try await insert(entitlement, actor: principal.actor, in: session)
        }
        _ = try await state.entitlements.snapshots.newest(tenant)
        return granted
    }

    /// Stores a new entitlement with its `entitlement.grant` event and `entitlement.granted` webhook, in the caller's
    /// transaction.
    func insert(_ entitlement: Entitlement, actor: String, in session: any StoreSession) async throws -> Entitlement {
        try await session.insertEntitlement(entitlement)
        var details = [
            "principal": entitlement.principal, "tier": entitlement.tier.description, "resource": entitlement.resource,
            "reason": entitlement.reason,
        ]
        details["request"] = entitlement.request
        details["task"] = entitlement.task
        if entitlement.breakGlass { details["breakGlass"] = "true" }
        try await audit.record(
            AuditEvent(
                tenant: entitlement.tenant, at: entitlement.createdAt, actor: actor, action: .entitlementGrant,
                target: "entitlement:\(entitlement.id)", after: LanyardJSON.value(of: entitlement), details: details),
            in: session)
        try await WebhookOutbox(random: random).queue(.entitlement(.entitlementGranted, entitlement, at: entitlement.createdAt), in: session)
        return entitlement
    }

    /// Revokes an active entitlement before its end.
    /// - Throws: `not_found`; `invalid_state` when it already ended; `invalid_field` (`reason`); `forbidden`.
    public func revoke(_ id: String, reason text: String, tenant: String, by principal: Principal) async throws -> Entitlement {
        try AdminRoles.require(.entitlementRevoke, principal, tenant: tenant)
        guard let reason = try NameRules.checkText(text, field: "reason", maxLength: Self.maxReason, required: true) else {
            throw LanyardError.invalid("reason", "reason is required.")
        }
        let now = clock.now()
        let ending = self.ending
        return try await store.write { session in
            let current = try await Self.stored(id, tenant: tenant, in: session)
            guard current.status == .active else {
                throw LanyardError(.invalidState, "Entitlement \(id) already ended (\(current.status.rawValue)).")
            }
            guard let ended = try await ending.end(id, tenant: tenant, as: .revoked, reason: reason, actor: principal.actor, at: now, in: session)
            else { throw LanyardError(.invalidState, "Entitlement \(id) already ended.") }
            return ended
        }
    }

    /// One entitlement.
    public func find(_ id: String, tenant: String, by principal: Principal) async throws -> Entitlement {
        try AdminRoles.require(.entitlementRead, principal, tenant: tenant)
        return try await store.read { try await Self.stored(id, tenant: tenant, in: $0) }
    }

    /// One page of the entitlements of `tenant` matching `filter`, newest first; `principal` in the filter may name an
    /// identity by id or name.
    public func page(tenant: String, filter: EntitlementFilter, page: PageRequest, by principal: Principal) async throws -> Page<Entitlement> {
        try AdminRoles.require(.entitlementList, principal, tenant: tenant)
        return try await Page.read(page, list: "entitlements", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                var resolved = filter
                if let named = filter.principal {
                    resolved.principal = try await Self.principal(named, tenant: tenant, in: session).reference.description
                }
                return try await session.entitlements(tenant: tenant, filter: resolved, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.id]
        }
    }
}
