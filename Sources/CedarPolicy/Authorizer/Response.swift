/// The decision of an authorization request.
public enum Decision: String, Sendable, Hashable {
    case allow, deny
}

/// An evaluation error attributed to a policy.
public struct PolicyError: Sendable, Hashable {
    /// Id of the policy that errored.
    public let policyID: String
    /// The evaluation error.
    public let error: EvaluationError

    public static func == (a: PolicyError, b: PolicyError) -> Bool { a.policyID == b.policyID && a.error == b.error }
    public func hash(into h: inout Hasher) { h.combine(policyID) }
}

/// The result of an authorization request.
public struct Response: Sendable, Hashable {
    /// Allow or deny.
    public let decision: Decision
    /// Determining policies: satisfied forbids on Deny, satisfied permits on Allow.
    public let reason: Set<String>
    /// Policies whose evaluation errored.
    public let errors: [PolicyError]

    /// Ids of the policies that errored.
    public var errorPolicyIDs: Set<String> { Set(errors.map { $0.policyID }) }
}
