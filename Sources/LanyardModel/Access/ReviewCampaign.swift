public import Foundation

/// A recertification campaign: every identity and entitlement in its ``scope`` becomes a ``ReviewItem`` for its
/// owner (or a reviewer group) to certify, revoke or transfer before the ``deadline``; at the deadline the undecided
/// items are revoked or suspended (``onUndecided``) and the campaign closes (`open` → `closed`).
public struct ReviewCampaign: Sendable, Hashable, Codable {
    /// `rev_…`.
    public var id: String
    public var tenant: String
    public var name: String
    public var scope: ReviewScope
    /// Decisions are taken before it; undecided items are acted on at it.
    public var deadline: Date
    public var onUndecided: ReviewUndecidedAction
    public var createdAt: Date
    /// The audit actor that started it (`system:scheduler` for a scheduled campaign).
    public var createdBy: String
    public var status: Status
    public var closedAt: Date?

    /// Longest campaign name, in characters.
    public static let maxNameLength = 128

    /// The states of a campaign.
    public enum Status: String, Sendable, Hashable, Codable {
        case open, closed
    }

    /// Creates a campaign record as stored; use ``start(id:tenant:name:scope:deadline:onUndecided:by:at:)`` for a
    /// new one.
    public init(
        id: String, tenant: String, name: String, scope: ReviewScope, deadline: Date, onUndecided: ReviewUndecidedAction, createdAt: Date,
        createdBy: String, status: Status = .open, closedAt: Date? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.scope = scope
        self.deadline = deadline
        self.onUndecided = onUndecided
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.status = status
        self.closedAt = closedAt
    }

    /// A new open campaign started by `actor` at `now`.
    /// - Throws: `invalid_field` for a blank or too long name, a malformed actor, or a deadline not after `now`.
    public static func start(
        id: String, tenant: String, name: String, scope: ReviewScope, deadline: Date, onUndecided: ReviewUndecidedAction = .revoke, by actor: String,
        at now: Date
    ) throws -> ReviewCampaign {
        try AccessActor.check(actor, field: "actor")
        let trimmed = try AccessActor.reason(name, field: "name", max: maxNameLength)
        guard deadline > now else { throw LanyardError.invalid("deadline", "The deadline must be in the future.") }
        return ReviewCampaign(
            id: id, tenant: tenant, name: trimmed, scope: scope, deadline: deadline, onUndecided: onUndecided, createdAt: now, createdBy: actor)
    }

    /// Whether decisions are still taken at `now`.
    public func isAcceptingDecisions(at now: Date) -> Bool { status == .open && now < deadline }

    /// The campaign closed at or after its deadline (after the caller closed its undecided items).
    /// - Throws: `invalid_state` before the deadline or when already closed.
    public func close(at now: Date) throws -> ReviewCampaign {
        guard status == .open else { throw LanyardError(.invalidState, "Campaign \(id) is already closed.") }
        guard now >= deadline else { throw LanyardError(.invalidState, "Campaign \(id) runs until \(deadline).") }
        var next = self
        next.status = .closed
        next.closedAt = now
        return next
    }
}

/// What happens to an item nobody decided by the campaign's deadline.
public enum ReviewUndecidedAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Revoke the entitlement; for an identity item, revoke the identity (the caller decides how, as for a decision).
    case revoke
    /// Suspend the identity (or the entitlement's identity) until someone decides.
    case suspend
}
