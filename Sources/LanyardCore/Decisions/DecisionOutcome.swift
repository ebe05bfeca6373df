/// The result of one evaluation, before it is written as AuthZEN JSON.
struct DecisionOutcome: Sendable {
    var allowed: Bool
    /// Determining policies, sorted.
    var policies: [String] = []
    /// Policies that raised an error (and were skipped), with the error.
    var errors: [(policy: String, message: String)] = []
    /// Why no policy evaluation took place (unknown identity, inactive token), if that is the case.
    var refusal: String?
    /// A problem with this item of a batch (HTTP-style status and sentence); the decision is then false.
    var itemError: (status: Int, message: String)?
    /// The Cedar principal the subject became (for the log).
    var principal: String = ""

    static func refused(_ why: String, principal: String) -> DecisionOutcome {
        DecisionOutcome(allowed: false, refusal: why, principal: principal)
    }
}

/// What a decision request answers: the typed AuthZEN answer (the server encodes it) and the counts for metrics.
public struct DecisionAnswer<Body: Sendable>: Sendable {
    /// The answer.
    public var body: Body
    public var allowed: Int
    public var denied: Int
    /// Policy-store version the decisions were made with.
    public var policyVersion: Int
}
