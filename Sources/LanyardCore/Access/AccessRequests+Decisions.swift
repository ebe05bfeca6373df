import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Approving, denying, cancelling and reading access requests.
extension AccessRequests {
    /// Adds `caller`'s approval; the last approval needed grants the entitlement (in the same transaction) and makes
    /// the request active. The grant is in force at the decision point when this returns.
    /// - Throws: `forbidden` (audited) for an approver the rules refuse; `invalid_state` when the request is no longer
    ///   waiting or its task ended; `not_found`; `invalid_field` for a blank reason.
    public func approve(_ id: String, reason: String, tenant: String, caller: TaskCaller) async throws -> AccessRequest {
        if case .administrator(let principal) = caller {
            try AdminRoles.require(.accessRequestApprove, principal, tenant: tenant)
            try await authorize(.accessRequestApprove, request: id, tenant: tenant, principal: principal, audited: .accessRequestApprove)
        }
        let actor = Self.actor(caller)
        let entitlements = self.entitlements
        let outbox = self.outbox
        var generator = random.generator()
        let entitlementID = IdentifierFormat.make(prefix: "ent", using: &generator)
        let approved = try await transition(id, tenant: tenant, caller: caller, action: .accessRequestApprove) { current, identity, now, session in
            let rule = AccessApprovalRule(ownerMayNotApprove: identity.environment == .production)
            var next = try current.approve(by: actor, reason: reason, at: now, rule: rule)
            guard next.status == .approved else { return (next, {}) }
            next = try next.activate(entitlement: entitlementID, at: now)
            let activated = next
            return (
                next,
                {
                    try await Self.grant(activated, identity: identity, entitlement: entitlementID, by: actor, entitlements: entitlements, at: now, in: session)
                    try await outbox.queue(Self.event(.accessRequestApproved, activated, at: now), in: session)
                }
            )
        }
        if approved.status == .active { _ = try await entitlements.state.entitlements.snapshots.newest(tenant) }
        return approved
    }

    /// Denies a waiting request.
    /// - Throws: `forbidden` (audited) for a workload or the requester; `invalid_state`; `not_found`; `invalid_field`.
    public func deny(_ id: String, reason: String, tenant: String, caller: TaskCaller) async throws -> AccessRequest {
        if case .administrator(let principal) = caller {
            try AdminRoles.require(.accessRequestDeny, principal, tenant: tenant)
            try await authorize(.accessRequestDeny, request: id, tenant: tenant, principal: principal, audited: .accessRequestDeny)
        }
        let actor = Self.actor(caller)
        let outbox = self.outbox
        return try await transition(id, tenant: tenant, caller: caller, action: .accessRequestDeny) { current, _, now, session in
            let next = try current.deny(by: actor, reason: reason, at: now)
            return (next, { try await outbox.queue(Self.event(.accessRequestDenied, next, at: now), in: session) })
        }
    }

    /// Cancels a request (its requester or the identity itself); an active one's entitlement is revoked at once.
    /// - Throws: `forbidden` (audited) for anyone else; `invalid_state`; `not_found`; `invalid_field`.
    public func cancel(_ id: String, reason: String, tenant: String, caller: TaskCaller) async throws -> AccessRequest {
        if case .administrator(let principal) = caller { try AdminRoles.require(.accessRequestCancel, principal, tenant: tenant) }
        let actor = Self.actor(caller)
        let ending = entitlements.ending
        return try await transition(id, tenant: tenant, caller: caller, action: .accessRequestCancel) { current, _, now, session in
            let next = try current.cancel(by: actor, reason: reason, at: now)
            guard current.status == .active, let entitlement = current.entitlement else { return (next, {}) }
            return (
                next,
                {
                    try await ending.end(
                        entitlement, tenant: tenant, as: .revoked, reason: "its request \(current.id) was cancelled", actor: actor, at: now,
                        in: session)
                }
            )
        }
    }

    /// One request; a workload reads only its own identity's.
    public func find(_ id: String, tenant: String, caller: TaskCaller) async throws -> AccessRequest {
        if case .administrator(let principal) = caller { try AdminRoles.require(.accessRequestRead, principal, tenant: tenant) }
        let (request, owner) = try await store.read { session in
            let request = try await Self.stored(id, tenant: tenant, in: session).request
            return (request, try await session.identity(tenant: tenant, id: request.identity)?.owner ?? request.identityOwner)
        }
        switch caller {
        case .workload(let own): if request.identity != own { throw Self.notFound(id, tenant: tenant) }
        case .administrator(let principal):
            try AdminRoles.require(.accessRequestRead, principal, target: .identity(request.identity, owner: owner, tenant: tenant))
        }
        return request
    }

    /// One page of requests, newest first; a workload sees only its own identity's.
    public func page(tenant: String, filter: AccessRequestFilter, page: PageRequest, caller: TaskCaller) async throws -> Page<AccessRequest> {
        var filter = filter
        switch caller {
        case .administrator(let principal):
            try AdminRoles.require(.accessRequestList, principal, tenant: tenant)
            // An owner sees the requests for identities they own.
            if principal.role == .owner { filter.owner = principal.subject ?? "" }
        case .workload(let own):
            guard filter.identity == nil || filter.identity == own else { throw LanyardError(.forbidden, "A workload lists only its own requests.") }
            filter.identity = own
        }
        let resolved = filter
        return try await Page.read(page, list: "access-requests", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                var named = resolved
                if let identity = resolved.identity, !identity.hasPrefix("idn_") {
                    named.identity = try await Inventory.lookup(identity, tenant: tenant, in: session).id
                }
                return try await session.accessRequests(tenant: tenant, filter: named, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.id]
        }
    }

    // MARK: Transitions

    /// A lost compare-and-set: the transition is applied again to what won.
    private struct LostRace: Error {}

    /// Applies `change` to the stored request and stores the result if nobody changed it meanwhile (else again, up to
    /// ``attempts`` times), then runs the returned side effects in the same transaction and audits `action`. A refusal
    /// (`forbidden`) is audited as `access_request.refuse` before it is thrown.
    private func transition(
        _ id: String, tenant: String, caller: TaskCaller, action: AuditAction,
        _ change: @escaping @Sendable (AccessRequest, Identity, Date, any StoreSession) async throws -> (AccessRequest, @Sendable () async throws -> Void)
    ) async throws -> AccessRequest {
        let audit = self.audit
        let actor = Self.actor(caller)
        for _ in 0..<Self.attempts {
            let now = clock.now()
            do {
                return try await store.write { session in
                    let (current, revision) = try await Self.stored(id, tenant: tenant, in: session)
                    guard let identity = try await session.identity(tenant: tenant, id: current.identity) else {
                        throw LanyardError(.notFound, "The identity of request \(id) no longer exists.")
                    }
                    if case .administrator(let principal) = caller, let adminAction = Self.adminAction(action) {
                        // The built-in roles on this identity as it is now (an owner acts only on identities it owns).
                        try AdminRoles.require(
                            adminAction, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant),
                            facts: Self.facts(current.tier, identity))
                    }
                    let (next, effects) = try await change(current, identity, now, session)
                    guard try await session.updateAccessRequest(next, revision: revision) else { throw LostRace() }
                    try await effects()
                    var details = ["status": next.status.rawValue, "identity": next.identity]
                    if let entitlement = next.entitlement, current.entitlement == nil { details["entitlement"] = entitlement }
                    if action == .accessRequestApprove { details["approvals"] = "\(next.approvals.count) of \(next.requiredApprovals)" }
                    try await audit.record(
                        AuditEvent(
                            tenant: tenant, at: now, actor: actor, action: action, target: "access_request:\(id)",
                            before: LanyardJSON.value(of: current), after: LanyardJSON.value(of: next), details: details),
                        in: session)
                    return next
                }
            } catch is LostRace {
                continue
            } catch let error as LanyardError where error.code == .forbidden {
                try await refuse(id, tenant: tenant, actor: actor, action: action, reason: error.message, at: now)
                throw error
            }
        }
        throw LanyardError(.invalidState, "Request \(id) kept changing while this was applied; read it again and retry.")
    }

    /// The admin policies — the built-in roles and the tenant's own restrictions — on `action` for the identity request
    /// `id` is for, with its facts (owner, environment, template, kind, data class, tier). A refusal is audited as
    /// `access_request.refuse`, then thrown.
    private func authorize(_ action: AdminAction, request id: String, tenant: String, principal: Principal, audited: AuditAction) async throws {
        let (request, identity) = try await store.read { session in
            let request = try await Self.stored(id, tenant: tenant, in: session).request
            guard let identity = try await session.identity(tenant: tenant, id: request.identity) else {
                throw LanyardError(.notFound, "The identity of request \(id) no longer exists.")
            }
            return (request, identity)
        }
        do {
            try await authorizer.check(
                action, caller: principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant), facts: Self.facts(request.tier, identity))
        } catch let error as LanyardError where error.code == .forbidden {
            try await refuse(id, tenant: tenant, actor: AccessActor.person(principal), action: audited, reason: error.message, at: clock.now())
            throw error
        }
    }

    /// What the admin policies see of a request: its identity's owner, environment, template, kind and data class, and the tier.
    static func facts(_ tier: AccessTier, _ identity: Identity) -> [String: String] {
        [
            "owner": identity.owner, "environment": identity.environment.rawValue, "template": identity.template, "kind": identity.kind.rawValue,
            "dataClass": identity.dataClass.rawValue, "tier": tier.description,
        ]
    }

    /// The admin operation of a transition.
    static func adminAction(_ action: AuditAction) -> AdminAction? {
        switch action {
        case .accessRequestApprove: .accessRequestApprove
        case .accessRequestDeny: .accessRequestDeny
        case .accessRequestCancel: .accessRequestCancel
        default: nil
        }
    }

    /// Records a refused approval, denial or cancellation.
    private func refuse(_ id: String, tenant: String, actor: String, action: AuditAction, reason: String, at now: Date) async throws {
        let audit = self.audit
        try await store.write { session in
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .accessRequestRefuse, target: "access_request:\(id)",
                    details: ["attempted": action.rawValue, "reason": reason]),
                in: session)
        }
    }

    static func stored(_ id: String, tenant: String, in session: any StoreSession) async throws -> (request: AccessRequest, revision: Int64) {
        guard id.utf8.count <= 64, let found = try await session.accessRequest(tenant: tenant, id: id) else { throw notFound(id, tenant: tenant) }
        return found
    }

    static func notFound(_ id: String, tenant: String) -> LanyardError {
        LanyardError(.notFound, "There is no access request '\(id.prefix(64))' in tenant '\(tenant)'.")
    }
}
