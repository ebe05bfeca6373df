public import Foundation

/// One approval or denial of an ``AccessRequest``: who decided, why and when, and for an approval by policy the
/// policy that approved.
public struct AccessDecisionRecord: Sendable, Hashable, Codable {
    /// The audit actor that decided (`user:NAME`, `admin_token:…`, or `policy:ID` for an approval by policy).
    public var by: String
    /// Why, as the decider wrote it (trimmed, 1–2000 characters).
    public var reason: String
    public var at: Date
    /// The policy that approved, for an approval by policy; `nil` for a person's decision.
    public var policy: String?

    /// Creates a record.
    public init(by: String, reason: String, at: Date, policy: String? = nil) {
        self.by = by
        self.reason = reason
        self.at = at
        self.policy = policy
    }
}
