/// Approval rules the caller brings to ``AccessRequest/approve(by:reason:at:rule:)`` from the identity's template or
/// the tenant's production settings. They can only add refusals: the rules built into ``AccessRequest`` (never the
/// requester, never the identity itself, never a workload, never the owner for a release tier) always apply.
public struct AccessApprovalRule: Sendable, Hashable, Codable {
    /// The identity's owner may not approve requests for it, whatever the tier (a template or production rule).
    public var ownerMayNotApprove: Bool

    /// Creates a rule; the default adds nothing to the built-in rules.
    public init(ownerMayNotApprove: Bool = false) {
        self.ownerMayNotApprove = ownerMayNotApprove
    }

    /// Only the built-in rules.
    public static let builtIn = AccessApprovalRule()
}
