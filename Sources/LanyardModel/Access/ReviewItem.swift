public import Foundation

/// One identity or entitlement to re-certify in a ``ReviewCampaign``, shown to its reviewer with its last use and
/// the scopes it did not use for 30 and 90 days.
///
/// Its machine: undecided → decided (certify, revoke or transfer, once, before the deadline), or undecided → closed
/// undecided at the deadline (``closeUndecided(at:)`` returns the campaign's action). The caller checks that the
/// decider is the reviewer, a member of the reviewer group or an administrator; the item refuses what is never
/// allowed: a workload deciding, the identity deciding about itself, deciding late or twice.
public struct ReviewItem: Sendable, Hashable, Codable {
    /// `rvi_…`.
    public var id: String
    /// The campaign (`rev_…`).
    public var campaign: String
    public var subject: ReviewSubject
    /// The identity concerned (`idn_…`): the subject itself, or the entitlement's identity.
    public var identity: String
    public var reviewer: ReviewReviewer
    /// Copied from the campaign.
    public var deadline: Date
    /// Copied from the campaign.
    public var onUndecided: ReviewUndecidedAction
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var unusedScopes30d: [String]
    public var unusedScopes90d: [String]
    /// `nil` while undecided.
    public var decision: ReviewDecision?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var reason: String?
    /// The action taken because nobody decided by the deadline; `nil` otherwise.
    public var undecidedAction: ReviewUndecidedAction?

    /// Creates an item.
    public init(
        id: String, campaign: String, subject: ReviewSubject, identity: String, reviewer: ReviewReviewer, deadline: Date,
        onUndecided: ReviewUndecidedAction, createdAt: Date, lastUsedAt: Date? = nil, unusedScopes30d: [String] = [], unusedScopes90d: [String] = [],
        decision: ReviewDecision? = nil, decidedBy: String? = nil, decidedAt: Date? = nil, reason: String? = nil,
        undecidedAction: ReviewUndecidedAction? = nil
    ) {
        self.id = id
        self.campaign = campaign
        self.subject = subject
        self.identity = identity
        self.reviewer = reviewer
        self.deadline = deadline
        self.onUndecided = onUndecided
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.unusedScopes30d = unusedScopes30d
        self.unusedScopes90d = unusedScopes90d
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
        self.undecidedAction = undecidedAction
    }

    /// Whether the item is still waiting for a decision (neither decided nor closed undecided).
    public var isOpen: Bool { decision == nil && undecidedAction == nil }

    /// The item decided by `actor` at `now`. A reason is required to revoke or transfer, optional to certify.
    /// - Throws: `forbidden` for a workload or the identity itself; `invalid_state` at or after the deadline or
    ///   when already decided or closed; `invalid_field` for a missing reason, a blank transfer target or a
    ///   malformed actor.
    public func decide(_ decision: ReviewDecision, by actor: String, reason: String?, at now: Date) throws -> ReviewItem {
        try AccessActor.check(actor, field: "actor")
        guard isOpen else { throw LanyardError(.invalidState, "Review item \(id) is already decided.") }
        guard now < deadline else { throw LanyardError(.invalidState, "The deadline of review item \(id) has passed.") }
        if actor == AccessActor.workload(identity) { throw LanyardError(.forbidden, "An identity cannot review itself.") }
        if AccessActor.isWorkload(actor) { throw LanyardError(.forbidden, "A workload cannot decide review items.") }
        var why: String?
        switch decision {
        case .certify:
            if let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { why = try AccessActor.reason(reason, field: "reason") }
        case .revoke:
            why = try AccessActor.reason(reason ?? "", field: "reason")
        case .transfer(let to):
            _ = try AccessActor.reason(to, field: "to", max: AccessActor.maxLength)
            guard to == to.trimmingCharacters(in: .whitespacesAndNewlines) else { throw LanyardError.invalid("to", "The new owner has spaces around it.") }
            why = try AccessActor.reason(reason ?? "", field: "reason")
        }
        var next = self
        next.decision = decision
        next.decidedBy = actor
        next.decidedAt = now
        next.reason = why
        return next
    }

    /// The undecided item closed at the deadline; returns it with the action the caller takes (the campaign's
    /// ``onUndecided``).
    /// - Throws: `invalid_state` before the deadline or when the item is decided or already closed.
    public func closeUndecided(at now: Date) throws -> (item: ReviewItem, action: ReviewUndecidedAction) {
        guard isOpen else { throw LanyardError(.invalidState, "Review item \(id) is already \(decision == nil ? "closed" : "decided").") }
        guard now >= deadline else { throw LanyardError(.invalidState, "Review item \(id) can be decided until \(deadline).") }
        var next = self
        next.undecidedAction = onUndecided
        next.decidedAt = now
        next.decidedBy = "system:sweeper"
        next.reason = "undecided at the deadline"
        return (next, onUndecided)
    }
}

/// What a ``ReviewItem`` is about.
public struct ReviewSubject: Sendable, Hashable, Codable {
    /// The kinds of subject.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case identity, entitlement
    }

    public var kind: Kind
    /// `idn_…` or `ent_…`.
    public var id: String

    /// Creates a subject.
    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// Who reviews a ``ReviewItem``: the owner by user name, or a directory group. Its text (and JSON) is `user:NAME` or
/// `group:NAME`.
public enum ReviewReviewer: Sendable, Hashable, Codable, CustomStringConvertible {
    case user(String)
    case group(String)

    /// `user:NAME` or `group:NAME`.
    public var description: String {
        switch self {
        case .user(let name): "user:\(name)"
        case .group(let name): "group:\(name)"
        }
    }

    /// Parses `user:NAME` or `group:NAME` (NAME not empty); `nil` for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("user:"), text.count > 5 {
            self = .user(String(text.dropFirst(5)))
        } else if text.hasPrefix("group:"), text.count > 6 {
            self = .group(String(text.dropFirst(6)))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeText(decoder, as: "reviewer", parse: ReviewReviewer.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A reviewer's decision on a ``ReviewItem``. Its text (and JSON) is `certify`, `revoke` or `transfer:NAME`.
public enum ReviewDecision: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Keep it; records the certification.
    case certify
    /// Take it away.
    case revoke
    /// Keep it under a new owner (user name).
    case transfer(to: String)

    /// `certify`, `revoke` or `transfer:NAME`.
    public var description: String {
        switch self {
        case .certify: "certify"
        case .revoke: "revoke"
        case .transfer(let to): "transfer:\(to)"
        }
    }

    /// Parses `certify`, `revoke` or `transfer:NAME` (NAME not empty); `nil` for anything else.
    public init?(_ text: String) {
        switch text {
        case "certify": self = .certify
        case "revoke": self = .revoke
        default:
            guard text.hasPrefix("transfer:"), text.count > 9 else { return nil }
            self = .transfer(to: String(text.dropFirst(9)))
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try decodeText(decoder, as: "decision", parse: ReviewDecision.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Decodes a single string and parses it, or fails naming `what`.
private func decodeText<T>(_ decoder: any Decoder, as what: String, parse: (String) -> T?) throws -> T {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = parse(text) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a \(what): '\(text.prefix(64))'"))
    }
    return value
}
