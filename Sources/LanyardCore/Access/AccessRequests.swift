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

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, entitlements: Entitlements) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.entitlements = entitlements
    }

    /// The longest access a request may ask for, per tier.
    public static let caps = AccessDurationCaps()
    /// Requests per page when the request names no `limit`.
    public static let defaultPageSize = 100
    /// How often a transition is applied again after losing a race.
    static let attempts = 4

    /// The actor of a person: `user:SUBJECT` for an administrator token with a subject, else the token.
    public static func person(_ principal: Principal) -> String {
        principal.subject.map(AccessActor.user) ?? principal.actor
    }

    /// The actor of `caller` in access decisions.
    static func actor(_ caller: TaskCaller) -> String {
        switch caller {
        case .workload(let identity): AccessActor.workload(identity)
        case .administrator(let principal): person(principal)
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
        let justification = try AccessRequest.validate(
            tier: tier, duration: duration.seconds, justification: body.justification, actions: actions, scopes: scopes,
            resource: resource.description, requiredApprovals: 1, caps: Self.caps)
        let now = clock.now()
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "req", using: &generator)
        let requester = Self.actor(caller)
        let outbox = self.outbox
        return try await store.write { session in
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
                singleUse: body.singleUse ?? false, createdAt: now, requiredApprovals: Self.requiredApprovals(tier, identity: identity))
            try await session.insertAccessRequest(request)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: requester, action: .accessRequestCreate, target: "access_request:\(id)",
                    after: LanyardJSON.value(of: request),
                    details: ["identity": identity.id, "tier": tier.description, "resource": request.resource, "justification": justification]),
                in: session)
            try await outbox.queue(Self.event(.accessRequestCreated, request, at: now), in: session)
            return request
        }
    }

    /// Two approvers for a release tier of an identity in production; one otherwise.
    static func requiredApprovals(_ tier: AccessTier, identity: Identity) -> Int {
        tier.isRelease && identity.environment == .production ? 2 : 1
    }

    /// The webhook of a request event: the request as it is now.
    static func event(_ type: WebhookEventType, _ request: AccessRequest, at now: Date) -> WebhookEvent {
        WebhookEvent(type: type, tenant: request.tenant, occurredAt: now, data: .object(["request": LanyardJSON.value(of: request) ?? .null]))
    }
}
