public import Foundation

/// An emergency grant opened without approval, and its after-review.
///
/// Break-glass skips approval but not logging, alerting or review: it needs a reason and an incident reference, lasts
/// at most 60 minutes by default, and must be reviewed by someone other than its opener before ``reviewDueAt``
/// (24 hours by default). Two small machines live here:
/// - the grant: `open` → `closed` (early, by anyone) or `expired` (its time is up; no write needed), see
///   ``status(at:)``;
/// - the review: `pending` → `reviewed`, or `pending` → `overdue` at ``reviewDueAt`` (the caller then suspends the
///   identity).
public struct BreakGlass: Sendable, Hashable, Codable {
    /// `brk_…`.
    public var id: String
    public var tenant: String
    /// The entitlement it granted (`ent_…`, with ``Entitlement/breakGlass`` set).
    public var entitlement: String
    /// The identity it granted access to (`idn_…`).
    public var identity: String
    /// Who opened it (an audit actor).
    public var opener: String
    /// Why (mandatory, trimmed, 1–2000 characters).
    public var reason: String
    /// The incident it answers (mandatory, 1–256 characters), for example a ticket id.
    public var incident: String
    public var openedAt: Date
    public var expiresAt: Date
    /// When the review is due; unreviewed at this time it becomes `overdue`.
    public var reviewDueAt: Date
    public var closedAt: Date?
    public var closedBy: String?
    public var review: BreakGlassReview
    public var reviewedBy: String?
    public var reviewedAt: Date?
    /// The reviewer's note (mandatory for a review).
    public var reviewNote: String?

    /// Longest incident reference, in characters.
    public static let maxIncidentLength = 256
    /// Time to review when the caller names none: 24 hours.
    public static let defaultReviewWindow: TimeInterval = 24 * 3600

    /// The states of the grant.
    public enum Status: String, Sendable, Hashable, Codable {
        case open, closed, expired
    }

    /// Creates a record as stored; use ``open(id:tenant:entitlement:identity:opener:reason:incident:duration:at:caps:reviewWindow:)`` for a new one.
    public init(
        id: String, tenant: String, entitlement: String, identity: String, opener: String, reason: String, incident: String, openedAt: Date,
        expiresAt: Date, reviewDueAt: Date, closedAt: Date? = nil, closedBy: String? = nil, review: BreakGlassReview = .pending,
        reviewedBy: String? = nil, reviewedAt: Date? = nil, reviewNote: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.entitlement = entitlement
        self.identity = identity
        self.opener = opener
        self.reason = reason
        self.incident = incident
        self.openedAt = openedAt
        self.expiresAt = expiresAt
        self.reviewDueAt = reviewDueAt
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.review = review
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reviewNote = reviewNote
    }

    /// A new break-glass opened at `now` for `duration` seconds, its review due `reviewWindow` later.
    /// - Throws: `invalid_field` for a blank or too long reason or incident, a malformed opener, a duration outside
    ///   1 … `caps.breakGlassMax`, or a review window that is not positive.
    public static func open(
        id: String, tenant: String, entitlement: String, identity: String, opener: String, reason: String, incident: String, duration: Int64,
        at now: Date, caps: AccessDurationCaps = AccessDurationCaps(), reviewWindow: TimeInterval = defaultReviewWindow
    ) throws -> BreakGlass {
        try AccessActor.check(opener, field: "opener")
        let why = try AccessActor.reason(reason, field: "reason")
        let ref = try AccessActor.reason(incident, field: "incident", max: maxIncidentLength)
        guard duration >= 1, duration <= caps.breakGlassMax else {
            throw LanyardError.invalid("duration", "Break-glass lasts 1–\(caps.breakGlassMax) seconds.")
        }
        guard reviewWindow > 0, reviewWindow.isFinite else { throw LanyardError.invalid("reviewWindow", "The review window must be positive.") }
        return BreakGlass(
            id: id, tenant: tenant, entitlement: entitlement, identity: identity, opener: opener, reason: why, incident: ref, openedAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(duration)), reviewDueAt: now.addingTimeInterval(reviewWindow))
    }

    /// The grant's state at `now`.
    public func status(at now: Date) -> Status {
        if closedAt != nil { return .closed }
        return now >= expiresAt ? .expired : .open
    }

    /// The grant closed early by `actor` (the opener or anyone else); the caller revokes the entitlement.
    /// - Throws: `invalid_state` when it is already closed or expired; `invalid_field` for a malformed actor.
    public func close(by actor: String, at now: Date) throws -> BreakGlass {
        try AccessActor.check(actor, field: "actor")
        switch status(at: now) {
        case .open:
            var next = self
            next.closedAt = now
            next.closedBy = actor
            return next
        case .closed: throw LanyardError(.invalidState, "Break-glass \(id) is already closed.")
        case .expired: throw LanyardError(.invalidState, "Break-glass \(id) has already expired.")
        }
    }

    /// The review state at `now`: a pending review at or after ``reviewDueAt`` reads as `overdue` before the caller
    /// records it with ``markOverdue(at:)``.
    public func reviewStatus(at now: Date) -> BreakGlassReview {
        review == .pending && now >= reviewDueAt ? .overdue : review
    }

    /// The break-glass reviewed by `actor` with `note`, before its review is due.
    /// - Throws: `forbidden` for the opener or a workload; `invalid_state` when already reviewed or overdue;
    ///   `invalid_field` for a blank note or a malformed actor.
    public func reviewed(by actor: String, note: String, at now: Date) throws -> BreakGlass {
        try AccessActor.check(actor, field: "reviewer")
        switch reviewStatus(at: now) {
        case .pending: break
        case .reviewed: throw LanyardError(.invalidState, "Break-glass \(id) is already reviewed.")
        case .overdue: throw LanyardError(.invalidState, "The review of break-glass \(id) is overdue; the identity is suspended.")
        }
        guard !AccessActor.isWorkload(actor) else { throw LanyardError(.forbidden, "A workload cannot review break-glass.") }
        guard !AccessActor.same(actor, opener) else { throw LanyardError(.forbidden, "The opener cannot review their own break-glass.") }
        var next = self
        next.review = .reviewed
        next.reviewedBy = actor
        next.reviewedAt = now
        next.reviewNote = try AccessActor.reason(note, field: "note")
        return next
    }

    /// The review recorded as overdue; the caller suspends the identity.
    /// - Throws: `invalid_state` before ``reviewDueAt`` or when the review is not pending.
    public func markOverdue(at now: Date) throws -> BreakGlass {
        guard review == .pending else { throw LanyardError(.invalidState, "The review of break-glass \(id) is \(review.rawValue).") }
        guard now >= reviewDueAt else { throw LanyardError(.invalidState, "The review of break-glass \(id) is not due before \(reviewDueAt).") }
        var next = self
        next.review = .overdue
        return next
    }
}

/// The after-review of a ``BreakGlass``.
public enum BreakGlassReview: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, reviewed
    /// Not reviewed by its due time: the identity is suspended.
    case overdue
}
