import Foundation

/// One entry of the audit trail: who did what to which object, when, with the state before and after.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// Position in the log, assigned by storage when appended (0 before that).
    public var sequence: Int64
    public var tenant: String
    public var at: Date
    /// Who acted, e.g. `token:tok_…` or `system:sweeper`.
    public var actor: String
    /// What was done, e.g. `identity.register`.
    public var action: String
    /// The object acted on, e.g. `identity:idn_…`.
    public var target: String
    /// The object before the change (absent for creations).
    public var before: JSONValue?
    /// The object after the change (absent for deletions).
    public var after: JSONValue?
    /// Anything else worth keeping (a reason, a request id).
    public var details: [String: String]

    public init(
        sequence: Int64 = 0, tenant: String, at: Date, actor: String, action: String, target: String,
        before: JSONValue? = nil, after: JSONValue? = nil, details: [String: String] = [:]
    ) {
        self.sequence = sequence
        self.tenant = tenant
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.details = details
    }
}
