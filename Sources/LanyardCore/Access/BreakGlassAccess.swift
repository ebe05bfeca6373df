public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Break-glass: access for an emergency, opened at once without approval but never without a trace. Opening one
/// stores, in one transaction, an entitlement flagged `breakGlass` (in force at the decision point when the call
/// returns), the ``BreakGlass`` record, a loud `breakglass.open` audit event and a `breakglass.opened` webhook to every
/// subscribed endpoint (the would-be approvers, all at once). Someone other than the opener reviews it before its
/// review is due; otherwise the sweeper suspends the identity (``ExpirySweeper/suspendUnreviewedBreakGlass()``).
public struct BreakGlassAccess: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let state: TenantState
    let entitlements: Entitlements
    /// How long after opening the review is due.
    public let reviewWindow: TimeInterval
    /// The longest break-glass (``AccessDurationCaps/breakGlassMax``).
    public let caps: AccessDurationCaps

    /// Records per page when the request names no `limit`.
    public static let defaultPageSize = 100

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, state: TenantState,
        entitlements: Entitlements, reviewWindow: TimeInterval = BreakGlass.defaultReviewWindow, caps: AccessDurationCaps = AccessDurationCaps()
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.state = state
        self.entitlements = entitlements
        self.reviewWindow = reviewWindow
        self.caps = caps
    }

    /// Opens break-glass as `principal`: an administrator, or an owner for an identity they own.
    /// - Throws: `invalid_field` for a bad identity, tier, action, resource, duration (above the cap), reason or
    ///   incident; `not_found` for an unknown identity or resource record; `invalid_state` for an identity that is not
    ///   active; `forbidden`.
    public func open(_ request: OpenBreakGlassRequest, tenant: String, by principal: Principal) async throws -> BreakGlass {
        try AdminRoles.require(.breakGlassOpen, principal, tenant: tenant)
        let tier = try AccessTier.parse(request.tier, field: "tier")
        let actions = try Entitlements.checkActions(request.actions ?? tier.defaultActions)
        let duration = try TimeSpan(parsing: request.duration, field: "duration")
        let resource = try EntityReference.parse(request.resource, field: "resource", allowWildcard: true)
        guard !request.identity.isEmpty, request.identity.utf8.count <= EntityReference.maxLength else {
            throw LanyardError.invalid("identity", "Name the identity (id or name) that gets the access.")
        }
        let reason = try NameRules.checkText(request.reason, field: "reason", maxLength: AccessActor.maxReasonLength, required: true) ?? ""
        let incident = try NameRules.checkText(request.incident, field: "incident", maxLength: BreakGlass.maxIncidentLength, required: true) ?? ""
        let now = clock.now()
        let opener = AccessActor.person(principal)
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "brk", using: &generator)
        let entitlementID = IdentifierFormat.make(prefix: "ent", using: &generator)
        // Checks the reason, the incident and the duration (against the widest cap a tenant may set) before anything is
        // read or written; the tenant's own cap once its access policy is read.
        let draft = try BreakGlass.open(
            id: id, tenant: tenant, entitlement: entitlementID, identity: "", opener: opener, reason: reason, incident: incident,
            duration: duration.seconds, at: now, caps: AccessDurationCaps(breakGlassMax: AccessPolicy.breakGlassBounds.upperBound),
            reviewWindow: reviewWindow)
        let serverCap = caps.breakGlassMax
        let entitlements = self.entitlements
        let audit = self.audit
        let outbox = WebhookOutbox(random: random)
        let opened = try await store.write { session in
            let cap = try await AccessPolicies.current(tenant: tenant, in: session).breakGlassMax ?? serverCap
            guard duration.seconds <= cap else {
                throw LanyardError.invalid("duration", "The duration must be 1–\(cap) seconds for break-glass.")
            }
            let identity = try await Inventory.lookup(request.identity, tenant: tenant, in: session)
            try AdminRoles.require(.breakGlassOpen, principal, tenant: tenant, facts: ["owner": identity.owner])
            guard identity.status == .active else {
                throw LanyardError(.invalidState, "Identity \(identity.id) is \(identity.status.rawValue); only an active identity is granted access.")
            }
            try await Entitlements.requireKnown(resource, tenant: tenant, in: session)
            var record = draft
            record.identity = identity.id
            record.expiresAt = min(draft.expiresAt, identity.expiresAt)
            let entitlement = Entitlement(
                id: entitlementID, tenant: tenant, principal: EntityReference.identity(identity.id).description, tier: tier, actions: actions,
                resource: resource.description, grantor: opener, reason: record.reason, createdAt: now, expiresAt: record.expiresAt, breakGlass: true)
            _ = try await entitlements.insert(entitlement, actor: principal.actor, in: session)
            try await session.insertBreakGlass(record)
            let details = [
                "breakGlass": "true", "identity": identity.id, "owner": identity.owner, "opener": opener, "incident": record.incident,
                "reason": record.reason, "entitlement": entitlementID, "tier": tier.description, "resource": entitlement.resource,
            ]
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .breakGlassOpen, target: "breakglass:\(id)",
                    after: LanyardJSON.value(of: record), details: details),
                in: session)
            try await outbox.queue(.breakGlass(.breakGlassOpened, record, owner: identity.owner, at: now), in: session)
            return record
        }
        _ = try await state.entitlements.snapshots.newest(tenant)
        return opened
    }

    /// Closes an open break-glass early: its entitlement ends at once (``EntitlementEnding``).
    /// - Throws: `not_found`; `invalid_state` when it is already closed or expired; `invalid_field` (`reason`);
    ///   `forbidden`.
    public func close(_ id: String, reason text: String?, tenant: String, by principal: Principal) async throws -> BreakGlass {
        try AdminRoles.require(.breakGlassClose, principal, tenant: tenant)
        let reason = try NameRules.checkText(text, field: "reason", maxLength: Entitlements.maxReason, required: false) ?? "closed early"
        let now = clock.now()
        let actor = AccessActor.person(principal)
        let ending = EntitlementEnding(audit: audit, random: random)
        let audit = self.audit
        return try await store.write { session in
            let current = try await Self.stored(id, tenant: tenant, in: session)
            _ = try current.close(by: actor, at: now)
            guard let closed = try await session.closeBreakGlass(tenant: tenant, id: id, at: now, by: actor) else {
                throw LanyardError(.invalidState, "Break-glass \(id) is no longer open.")
            }
            try await ending.end(
                closed.entitlement, tenant: tenant, as: .revoked, reason: "break-glass \(id) closed: \(reason)", actor: principal.actor, at: now,
                in: session)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .breakGlassClose, target: "breakglass:\(id)",
                    before: LanyardJSON.value(of: current), after: LanyardJSON.value(of: closed),
                    details: ["breakGlass": "true", "identity": closed.identity, "reason": reason, "closedBy": actor]),
                in: session)
            return closed
        }
    }

    /// Records the after-review: by anyone allowed to review except the opener, never a workload, before it is due.
    /// - Throws: `not_found`; `forbidden` for the opener; `invalid_state` when already reviewed or overdue;
    ///   `invalid_field` (`note`).
    public func review(_ id: String, note: String, tenant: String, by principal: Principal) async throws -> BreakGlass {
        try AdminRoles.require(.breakGlassReview, principal, tenant: tenant)
        let note = try NameRules.checkText(note, field: "note", maxLength: AccessActor.maxReasonLength, required: true) ?? ""
        let now = clock.now()
        let reviewer = AccessActor.person(principal)
        let audit = self.audit
        return try await store.write { session in
            let current = try await Self.stored(id, tenant: tenant, in: session)
            let checked = try current.reviewed(by: reviewer, note: note, at: now)
            guard let note = checked.reviewNote,
                let reviewed = try await session.reviewBreakGlass(tenant: tenant, id: id, at: now, by: reviewer, note: note)
            else { throw LanyardError(.invalidState, "Break-glass \(id) is no longer pending review.") }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .breakGlassReview, target: "breakglass:\(id)",
                    before: LanyardJSON.value(of: current), after: LanyardJSON.value(of: reviewed),
                    details: ["breakGlass": "true", "identity": reviewed.identity, "reviewer": reviewer, "note": note]),
                in: session)
            return reviewed
        }
    }

    /// One break-glass record.
    public func find(_ id: String, tenant: String, by principal: Principal) async throws -> BreakGlass {
        try AdminRoles.require(.breakGlassRead, principal, tenant: tenant)
        return try await store.read { try await Self.stored(id, tenant: tenant, in: $0) }
    }

    /// One page of the tenant's break-glass records matching `filter`, newest first; `filter.identity` may name an
    /// identity by id or name.
    public func page(tenant: String, filter: BreakGlassFilter, page: PageRequest, by principal: Principal) async throws -> Page<BreakGlass> {
        try AdminRoles.require(.breakGlassList, principal, tenant: tenant)
        let now = clock.now()
        return try await Page.read(page, list: "breakglass", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (openedAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                var resolved = filter
                if let named = filter.identity { resolved.identity = try await Inventory.lookup(named, tenant: tenant, in: session).id }
                return try await session.breakGlasses(tenant: tenant, filter: resolved, at: now, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.openedAt)), $0.id]
        }
    }

    /// The stored break-glass `id`.
    static func stored(_ id: String, tenant: String, in session: any StoreSession) async throws -> BreakGlass {
        guard id.utf8.count <= 64, let found = try await session.breakGlass(tenant: tenant, id: id) else {
            throw LanyardError(.notFound, "There is no break-glass '\(id.prefix(64))' in tenant '\(tenant)'.")
        }
        return found
    }
}
