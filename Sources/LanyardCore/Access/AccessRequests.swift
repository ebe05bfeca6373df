public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Access requests: a person or a workload asks for an entitlement for a bounded time with a justification; someone
/// else approves (N of M for release tiers in production) or denies; the approval grants the entitlement in the same
/// transaction; cancelling ends it; a request nobody acts on expires (the sweeper records it).
///
/// The rules of who may approve are the ``AccessRequest`` state machine's and cannot be configured away: never the
/// requester, never the identity itself, never a workload, never the owner for `publish`/`deploy` or for an identity
/// in production. A refused approval, denial or cancellation is audited (`access_request.refuse`) with its reason.
///
/// Every change is a compare-and-set on the stored request (``AccessRequestStore``): of two racing transitions exactly
/// one is stored; the other is applied again to what won (and then usually refused: "already approved").
public struct AccessRequests: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let entitlements: Entitlements
    /// The admin policies with the tenant's own restrictions, for approvals and denials.
    let authorizer: AdminAuthorizer

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, entitlements: Entitlements) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.entitlements = entitlements
        authorizer = AdminAuthorizer(store: store, audit: audit, clock: clock, state: entitlements.state)
    }

    /// Requests per page when the request names no `limit`.
    public static let defaultPageSize = 100
    /// How often a transition is applied again after losing a race.
    static let attempts = 4

    /// The actor of `caller` in access decisions.
    static func actor(_ caller: TaskCaller) -> String {
        switch caller {
        case .workload(let identity): AccessActor.workload(identity)
        case .administrator(let principal): AccessActor.person(principal)
        }
    }

    var outbox: WebhookOutbox { WebhookOutbox(random: random) }

    // MARK: Asking

    /// Makes a request for `body.identity` (a workload: for itself).
    /// - Throws: `invalid_field` for a bad tier, duration (above the tier's cap), justification, reference, action or
    ///   scope; `not_found`; `invalid_state` for an identity that is not active or a task that is not open; `forbidden`.
    public func create(_ body: CreateAccessRequestRequest, tenant: String, caller: TaskCaller) async throws -> AccessRequest {
        if case .administrator(let principal) = caller { try AdminRoles.require(.accessRequestCreate, principal, tenant: tenant) }
        let tier = try AccessTier.parse(body.tier, field: "tier")
        let actions = try Entitlements.checkActions(body.actions ?? tier.defaultActions)
        let resource = try EntityReference.parse(body.resource, field: "resource", allowWildcard: true)
        let scopes = try Templates.checkScopes(body.scopes ?? [], field: "scopes")
        let duration = try TimeSpan(parsing: body.duration, field: "duration")
        // The widest caps a tenant may set first; the tenant's own once its policy is read.
        let justification = try AccessRequest.validate(
            tier: tier, duration: duration.seconds, justification: body.justification, actions: actions, scopes: scopes,
            resource: resource.description, requiredApprovals: 1, caps: AccessDurationCaps(defaultMax: AccessPolicy.durationBounds.upperBound))
        let now = clock.now()
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "req", using: &generator)
        let entitlementID = IdentifierFormat.make(prefix: "ent", using: &generator)
        let requester = Self.actor(caller)
        let outbox = self.outbox
        let entitlements = self.entitlements
        let created = try await store.write { session in
            let policy = try await AccessPolicies.current(tenant: tenant, in: session)
            let cap = policy.caps.max(for: tier)
            guard duration.seconds <= cap else {
                throw LanyardError.invalid("duration", "The duration must be 1–\(cap) seconds for the \(tier) tier.")
            }
            let identity: Identity
            switch caller {
            case .workload(let own):
                guard let named = body.identity else {
                    identity = try await Inventory.lookup(own, tenant: tenant, in: session)
                    break
                }
                identity = try await Inventory.lookup(named, tenant: tenant, in: session)
            case .administrator:
                guard let named = body.identity else { throw LanyardError.invalid("identity", "Name the identity the access is for.") }
                identity = try await Inventory.lookup(named, tenant: tenant, in: session)
            }
            if case .administrator(let principal) = caller {
                try AdminRoles.require(
                    .accessRequestCreate, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant), facts: Self.facts(tier, identity))
            }
            try AccessRequest.checkRequester(requester, for: identity.id)
            guard identity.status == .active else {
                throw LanyardError(.invalidState, "Identity \(identity.id) is \(identity.status.rawValue); only an active identity is granted access.")
            }
            try await Entitlements.requireKnown(resource, tenant: tenant, in: session)
            try await Entitlements.checkUnlocked(scopes, of: identity, in: session)
            var task: String?
            if let named = body.task { task = try await Entitlements.openTask(named, of: identity, at: now, in: session).id }
            let request = AccessRequest(
                id: id, tenant: tenant, requester: requester, identity: identity.id, identityOwner: identity.owner, tier: tier, actions: actions,
                resource: resource.description, scopes: scopes, duration: duration.seconds, justification: justification, task: task,
                singleUse: body.singleUse ?? false, createdAt: now,
                requiredApprovals: policy.requiredApprovals(tier, environment: identity.environment))
            try await session.insertAccessRequest(request)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: requester, action: .accessRequestCreate, target: "access_request:\(id)",
                    after: LanyardJSON.value(of: request),
                    details: ["identity": identity.id, "tier": tier.description, "resource": request.resource, "justification": justification]),
                in: session)
            try await outbox.queue(Self.event(.accessRequestCreated, request, at: now), in: session)
            guard let approver = AccessPolicies.autoApprover(of: request, identity: identity, policy: policy) else { return request }
            // Approved by policy in the same transaction: the approval names the policy, the grant is in force on return.
            let active = try request.approveByPolicy(policy: approver, at: now).activate(entitlement: entitlementID, at: now)
            guard try await session.updateAccessRequest(active, revision: 1) else {
                throw LanyardError(.internal, "Request \(id) changed inside the transaction that created it.")
            }
            try await Self.grant(
                active, identity: identity, entitlement: entitlementID, by: AccessActor.policy(approver), entitlements: entitlements, at: now, in: session)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: AccessActor.policy(approver), action: .accessRequestApprove, target: "access_request:\(id)",
                    before: LanyardJSON.value(of: request), after: LanyardJSON.value(of: active),
                    details: [
                        "status": active.status.rawValue, "identity": identity.id, "entitlement": entitlementID, "policy": approver,
                        "policyVersion": String(policy.version),
                    ]),
                in: session)
            try await outbox.queue(Self.event(.accessRequestApproved, active, at: now), in: session)
            return active
        }
        if created.status == .active { _ = try await entitlements.state.entitlements.snapshots.newest(tenant) }
        return created
    }

    /// Grants the entitlement of `activated` (a request just made active) in `session`: until the request's duration
    /// runs out, the identity expires, or its task ends, whichever is first.
    static func grant(
        _ activated: AccessRequest, identity: Identity, entitlement id: String, by actor: String, entitlements: Entitlements, at now: Date,
        in session: any StoreSession
    ) async throws {
        var expiresAt = min(now.addingTimeInterval(TimeInterval(activated.duration)), identity.expiresAt)
        if let task = activated.task {
            expiresAt = min(expiresAt, try await Entitlements.openTask(task, of: identity, at: now, in: session).expiresAt)
        }
        let entitlement = Entitlement(
            id: id, tenant: activated.tenant, principal: EntityReference.identity(identity.id).description, tier: activated.tier,
            actions: activated.actions, resource: activated.resource, scopes: activated.scopes, grantor: actor, reason: activated.justification,
            createdAt: now, expiresAt: expiresAt, request: activated.id, task: activated.task, singleUse: activated.singleUse)
        _ = try await entitlements.insert(entitlement, actor: actor, in: session)
    }

    /// The webhook of a request event: the request as it is now.
    static func event(_ type: WebhookEventType, _ request: AccessRequest, at now: Date) -> WebhookEvent {
        WebhookEvent(type: type, tenant: request.tenant, occurredAt: now, data: .object(["request": LanyardJSON.value(of: request) ?? .null]))
    }
}
