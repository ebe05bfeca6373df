public import Foundation

/// Which audit events to return: every given condition must hold. Oldest first, after ``after``.
public struct AuditQuery: Sendable, Hashable {
    /// Exact actor, such as `token:tok_…` or `identity:idn_…`.
    public var actor: String?
    /// Exact target, such as `identity:idn_…`.
    public var target: String?
    /// Exact action, such as `credential.issue`.
    public var action: String?
    /// The `decision` detail, such as `allow` or `deny`.
    public var decision: String?
    /// At or after this instant.
    public var since: Date?
    /// Before this instant.
    public var until: Date?
    /// Only events with a sequence number above this.
    public var after: Int64
    /// At most this many (1 ... 1000).
    public var limit: Int

    public init(
        actor: String? = nil, target: String? = nil, action: String? = nil, decision: String? = nil, since: Date? = nil,
        until: Date? = nil, after: Int64 = 0, limit: Int = 100
    ) {
        self.actor = actor
        self.target = target
        self.action = action
        self.decision = decision
        self.since = since
        self.until = until
        self.after = after
        self.limit = limit
    }
}
