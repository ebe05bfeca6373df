public import Foundation

/// A request for an entitlement, made by a person or by a workload with its own token, and the value-type state
/// machine that takes it from asked to ended (see ``AccessRequestStatus``).
///
/// Every transition is a method that returns the next value or throws, and never does I/O: the caller stores the
/// result, writes the audit event and, on ``activate(entitlement:at:)`` or ``end(reason:by:at:)``, creates or
/// revokes the entitlement in the same transaction. The approval rules are enforced here and cannot be configured
/// away: the approver is never the requester, never the identity, never a workload, and never the identity's owner
/// for a release tier (``AccessTier/isRelease``) or when the caller's ``AccessApprovalRule`` says so.
public struct AccessRequest: Sendable, Hashable, Codable {
    /// `req_…`.
    public var id: String
    public var tenant: String
    /// Who asked: `identity:idn_…` (a workload with its own token), `user:NAME` or `admin_token:…`.
    public var requester: String
    /// The identity the access is for (`idn_…`).
    public var identity: String
    /// The identity's owner (user name) when the request was made.
    public var identityOwner: String
    public var tier: AccessTier
    /// Cedar action names asked for.
    public var actions: [String]
    /// The resource, as a Cedar entity reference `Type::"id"`.
    public var resource: String
    /// OAuth scopes asked for.
    public var scopes: [String]
    /// How long the grant lasts once active, in seconds.
    public var duration: Int64
    /// The intent or justification, as the requester wrote it.
    public var justification: String
    /// The task the grant is bound to (`tsk_…`), if any.
    public var task: String?
    /// The grant allows one decision only.
    public var singleUse: Bool
    public var createdAt: Date
    /// When a request not acted on expires (by default 24 hours after ``createdAt``).
    public var expiresAt: Date
    /// How many different approvers are needed (N of M).
    public var requiredApprovals: Int
    /// The approvals so far, each approver once.
    public var approvals: [AccessDecisionRecord]
    public var denial: AccessDecisionRecord?
    public var status: AccessRequestStatus
    /// The entitlement made from it (`ent_…`), once active.
    public var entitlement: String?
    public var activatedAt: Date?
    /// When it was cancelled, expired or its grant ended.
    public var endedAt: Date?
    public var endedBy: String?
    public var endReason: String?

    /// How long a request waits for a decision when the caller names no expiry.
    public static let defaultLifetime: TimeInterval = 24 * 3600
    /// The `endedBy` of a request the sweeper expired.
    public static let expiryActor = "system:sweeper"

    /// Creates a request in the `requested` state unless told otherwise; `expiresAt` defaults to 24 hours after
    /// `createdAt`. Check the inputs with ``validate(tier:duration:justification:actions:scopes:resource:requiredApprovals:caps:breakGlass:)``
    /// first.
    public init(
        id: String, tenant: String, requester: String, identity: String, identityOwner: String, tier: AccessTier, actions: [String],
        resource: String, scopes: [String] = [], duration: Int64, justification: String, task: String? = nil, singleUse: Bool = false,
        createdAt: Date, expiresAt: Date? = nil, requiredApprovals: Int = 1, approvals: [AccessDecisionRecord] = [],
        denial: AccessDecisionRecord? = nil, status: AccessRequestStatus = .requested, entitlement: String? = nil, activatedAt: Date? = nil,
        endedAt: Date? = nil, endedBy: String? = nil, endReason: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.requester = requester
        self.identity = identity
        self.identityOwner = identityOwner
        self.tier = tier
        self.actions = actions
        self.resource = resource
        self.scopes = scopes
        self.duration = duration
        self.justification = justification
        self.task = task
        self.singleUse = singleUse
        self.createdAt = createdAt
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Self.defaultLifetime)
        self.requiredApprovals = requiredApprovals
        self.approvals = approvals
        self.denial = denial
        self.status = status
        self.entitlement = entitlement
        self.activatedAt = activatedAt
        self.endedAt = endedAt
        self.endedBy = endedBy
        self.endReason = endReason
    }

    /// The status at `now`: a request still waiting (or approved but not activated) past its expiry reads as
    /// `expired` before the sweeper records it.
    public func status(at now: Date) -> AccessRequestStatus {
        (status == .requested || status == .approved) && now >= expiresAt ? .expired : status
    }

    /// Approvals still needed before the request is approved.
    public var approvalsNeeded: Int { Swift.max(0, requiredApprovals - approvals.count) }

    /// When it became approved (its last approval), for approval-latency metrics; `nil` if it never was.
    public var approvedAt: Date? {
        guard approvals.count >= requiredApprovals || approvals.contains(where: { $0.policy != nil }) else { return nil }
        return approvals.last?.at
    }

    /// Whether a policy approved it (auto-approval), for the share of auto-approved requests.
    public var isApprovedByPolicy: Bool { approvals.contains { $0.policy != nil } }

    /// The request with `actor`'s approval added; `approved` once ``requiredApprovals`` different approvers agreed.
    /// - Parameter rule: extra rules from the identity's template or the production settings.
    /// - Throws: `forbidden` when `actor` may not approve (the requester, the identity itself, any workload, the
    ///   owner for a release tier or when `rule` says so, a `policy:` actor); `invalid_state` when the request is
    ///   not waiting for approval, is past its expiry, or `actor` already approved; `invalid_field` for a blank
    ///   reason or a malformed actor.
    public func approve(by actor: String, reason: String, at now: Date, rule: AccessApprovalRule = .builtIn) throws -> AccessRequest {
        try AccessActor.check(actor, field: "approver")
        try checkWaiting(at: now, doing: "approved")
        try checkMayApprove(actor, rule: rule)
        guard !approvals.contains(where: { AccessActor.same($0.by, actor) }) else {
            throw LanyardError(.invalidState, "\(actor) already approved request \(id); the same approver counts once.")
        }
        var next = self
        next.approvals.append(AccessDecisionRecord(by: actor, reason: try AccessActor.reason(reason, field: "reason"), at: now))
        if next.approvals.count >= requiredApprovals { next.status = .approved }
        return next
    }

    /// The request approved at once by policy `policy`, recorded as `policy:ID` (N of M does not apply).
    /// - Throws: `invalid_state` when the request is not waiting for approval or is past its expiry; `invalid_field`
    ///   for a malformed policy id.
    public func approveByPolicy(policy: String, at now: Date) throws -> AccessRequest {
        try AccessActor.check(policy, field: "policy")
        try checkWaiting(at: now, doing: "approved")
        var next = self
        next.approvals.append(AccessDecisionRecord(by: AccessActor.policy(policy), reason: "approved by policy \(policy)", at: now, policy: policy))
        next.status = .approved
        return next
    }

    /// The request denied by `actor`.
    /// - Throws: `forbidden` for a workload or the requester (who cancels instead); `invalid_state` when the request
    ///   is not waiting for approval or is past its expiry; `invalid_field` for a blank reason.
    public func deny(by actor: String, reason: String, at now: Date) throws -> AccessRequest {
        try AccessActor.check(actor, field: "actor")
        try checkWaiting(at: now, doing: "denied")
        guard !AccessActor.isWorkload(actor) else { throw LanyardError(.forbidden, "A workload cannot deny access requests.") }
        guard !AccessActor.same(actor, requester) else {
            throw LanyardError(.forbidden, "The requester cannot deny their own request; cancel it instead.")
        }
        var next = finishing(.denied, reason: nil, by: actor, at: now)
        next.denial = AccessDecisionRecord(by: actor, reason: try AccessActor.reason(reason, field: "reason"), at: now)
        return next
    }

    /// The request cancelled by its requester or by the identity it is for. A waiting or approved request becomes
    /// `cancelled`; an active one becomes `ended` (reason `cancelled: …`), and the caller revokes its entitlement in
    /// the same transaction.
    /// - Throws: `forbidden` for anyone else; `invalid_state` when the request is final or, waiting, past its
    ///   expiry; `invalid_field` for a blank reason.
    public func cancel(by actor: String, reason: String, at now: Date) throws -> AccessRequest {
        try AccessActor.check(actor, field: "actor")
        guard AccessActor.same(actor, requester) || actor == AccessActor.workload(identity) else {
            throw LanyardError(.forbidden, "Only the requester or the identity itself can cancel request \(id).")
        }
        let why = try AccessActor.reason(reason, field: "reason")
        if status == .active { return finishing(.ended, reason: "cancelled: \(why)", by: actor, at: now) }
        guard status == .requested || status == .approved else {
            throw LanyardError(.invalidState, "Request \(id) is \(status.rawValue) and cannot be cancelled.")
        }
        guard now < expiresAt else { throw LanyardError(.invalidState, "Request \(id) is past its expiry; it can only expire.") }
        return finishing(.cancelled, reason: why, by: actor, at: now)
    }

    /// The request expired because nobody acted on it (or activated it) before ``expiresAt``.
    /// - Throws: `invalid_state` before its expiry or when it is not waiting or approved.
    public func expire(at now: Date) throws -> AccessRequest {
        guard status == .requested || status == .approved else {
            throw LanyardError(.invalidState, "Request \(id) is \(status.rawValue) and cannot expire.")
        }
        guard now >= expiresAt else { throw LanyardError(.invalidState, "Request \(id) does not expire before \(expiresAt).") }
        return finishing(.expired, reason: "not acted on before its expiry", by: Self.expiryActor, at: now)
    }

    /// The approved request made active by the entitlement `entitlement` (`ent_…`) the caller just created.
    /// - Throws: `invalid_state` unless approved and before its expiry; `invalid_field` for an id not `ent_…`.
    public func activate(entitlement: String, at now: Date) throws -> AccessRequest {
        guard entitlement.hasPrefix("ent_"), entitlement.utf8.count <= AccessActor.maxLength else {
            throw LanyardError.invalid("entitlement", "An entitlement id starts with 'ent_'.")
        }
        guard status == .approved else { throw LanyardError(.invalidState, "Request \(id) is \(status.rawValue), not approved.") }
        guard now < expiresAt else { throw LanyardError(.invalidState, "Request \(id) is past its expiry; it can only expire.") }
        var next = self
        next.status = .active
        next.entitlement = entitlement
        next.activatedAt = now
        return next
    }

    /// The active request's grant ended at `now` (`reason`: expiry, task end, single use, revocation, …).
    /// - Throws: `invalid_state` unless active; `invalid_field` for a blank reason or a malformed actor.
    public func end(reason: String, by actor: String, at now: Date) throws -> AccessRequest {
        try AccessActor.check(actor, field: "actor")
        guard status == .active else { throw LanyardError(.invalidState, "Request \(id) is \(status.rawValue), not active.") }
        return finishing(.ended, reason: try AccessActor.reason(reason, field: "reason"), by: actor, at: now)
    }

    /// The request in the final `status`, recording when, by whom and why.
    private func finishing(_ status: AccessRequestStatus, reason: String?, by actor: String, at now: Date) -> AccessRequest {
        var next = self
        next.status = status
        next.endedAt = now
        next.endedBy = actor
        next.endReason = reason
        return next
    }

    private func checkWaiting(at now: Date, doing verb: String) throws {
        guard status == .requested else {
            throw LanyardError(.invalidState, "Request \(id) is \(status.rawValue) and cannot be \(verb).")
        }
        guard now < expiresAt else { throw LanyardError(.invalidState, "Request \(id) is past its expiry; it can only expire.") }
    }

    private func checkMayApprove(_ actor: String, rule: AccessApprovalRule) throws {
        if AccessActor.same(actor, requester) { throw LanyardError(.forbidden, "Nobody can approve their own request.") }
        if actor == AccessActor.workload(identity) { throw LanyardError(.forbidden, "An identity cannot approve access for itself.") }
        if AccessActor.isWorkload(actor) { throw LanyardError(.forbidden, "A workload cannot approve access requests.") }
        if actor.hasPrefix("policy:") { throw LanyardError(.forbidden, "Approval by policy is recorded with approveByPolicy, not by a person.") }
        if (tier.isRelease || rule.ownerMayNotApprove) && AccessActor.same(actor, AccessActor.user(identityOwner)) {
            let why = tier.isRelease ? "a \(tier) request" : "this identity (its template or production rule says so)"
            throw LanyardError(.forbidden, "The owner of identity \(identity) cannot approve \(why).")
        }
    }
}
