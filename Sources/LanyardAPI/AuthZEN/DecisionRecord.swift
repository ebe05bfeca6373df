public import LanyardModel

/// One decision as the audit log keeps it: the request (a presented access token replaced by a pointer to the
/// event's `details.tokenN`, whose value the log keeps only as a keyed hash) and its outcome.
///
/// An AuthZEN event's `details.records` is ``text(of:)`` of its records. Those bytes are part of audit leaves that
/// are already signed: the member order and escaping here must never change (see `DecisionRecordTests`).
public enum DecisionRecord: Sendable, Hashable, JSONRepresentable {
    case evaluation(Evaluation)
    case search(Search)

    /// `{"request", "principal", "decision", "policies", "errors"?, "refusal"?, "error"?}`.
    public struct Evaluation: Sendable, Hashable {
        /// The request as logged; parts it lacked are `null`.
        public var request: AccessEvaluationRequest
        /// The Cedar principal the subject became.
        public var principal: String
        public var decision: Bool
        /// Determining policies.
        public var policies: [String]
        /// Policies that raised an error.
        public var errors: [PolicyFailure]
        /// Why no evaluation took place (unknown identity, inactive token).
        public var refusal: String?
        /// What was wrong with this item of a batch.
        public var error: String?

        public init(
            request: AccessEvaluationRequest, principal: String, decision: Bool, policies: [String] = [], errors: [PolicyFailure] = [],
            refusal: String? = nil, error: String? = nil
        ) {
            self.request = request
            self.principal = principal
            self.decision = decision
            self.policies = policies
            self.errors = errors
            self.refusal = refusal
            self.error = error
        }
    }

    /// `{"search", "request", "evaluated", "results"}`.
    public struct Search: Sendable, Hashable {
        public var kind: AccessSearchRequest.Kind
        /// The search as logged, without its page.
        public var request: AccessEvaluationRequest
        /// How many candidates were evaluated.
        public var evaluated: Int
        public var results: [AccessSearchResult]

        public init(kind: AccessSearchRequest.Kind, request: AccessEvaluationRequest, evaluated: Int, results: [AccessSearchResult]) {
            self.kind = kind
            self.request = request
            self.evaluated = evaluated
            self.results = results
        }
    }

    /// The records of `details.records`.
    /// - Throws: `invalid_field` (field `records`) when the text is not an array of decision records.
    public static func records(in text: String) throws -> [DecisionRecord] {
        guard case .array(let items) = try? JSONValue.parse(text) else {
            throw LanyardError(.invalidField, "details.records is not a JSON array.", field: "records")
        }
        return try items.map(DecisionRecord.init(json:))
    }

    public init(json: JSONValue) throws {
        func invalid(_ member: String) -> LanyardError {
            LanyardError(.invalidField, "A decision record's '\(member)' is missing or has the wrong type.", field: "records")
        }
        guard let requestValue = json["request"] else { throw invalid("request") }
        let request = try Self.loggedRequest(requestValue)
        if let kindText = json["search"]?.stringValue {
            guard let kind = AccessSearchRequest.Kind(rawValue: kindText) else { throw invalid("search") }
            guard case .number(let evaluated)? = json["evaluated"], let count = evaluated.int64 else { throw invalid("evaluated") }
            guard case .array(let results)? = json["results"] else { throw invalid("results") }
            self = .search(
                Search(kind: kind, request: request, evaluated: Int(clamping: count), results: try results.map(AccessSearchResult.init(json:))))
            return
        }
        guard let principal = json["principal"]?.stringValue else { throw invalid("principal") }
        guard case .bool(let decision)? = json["decision"] else { throw invalid("decision") }
        var errors: [PolicyFailure] = []
        if case .array(let items)? = json["errors"] { errors = try items.map(PolicyFailure.init(json:)) }
        self = .evaluation(
            Evaluation(
                request: request, principal: principal, decision: decision,
                policies: try AuthZENAnswerReader.strings(json["policies"], "policies"), errors: errors,
                refusal: json["refusal"]?.stringValue, error: json["error"]?.stringValue))
    }

    public var json: JSONValue {
        switch self {
        case .evaluation(let record):
            var members: JSONObject = [
                "request": Self.logged(record.request), "principal": .string(record.principal), "decision": .bool(record.decision),
                "policies": .array(record.policies.map(JSONValue.string)),
            ]
            if !record.errors.isEmpty { members["errors"] = .array(record.errors.map(\.json)) }
            if let refusal = record.refusal { members["refusal"] = .string(refusal) }
            if let error = record.error { members["error"] = .string(error) }
            return .object(members)
        case .search(let record):
            return .object([
                "search": .string(record.kind.rawValue), "request": Self.logged(record.request), "evaluated": .int(Int64(record.evaluated)),
                "results": .array(record.results.map(\.json)),
            ])
        }
    }

    /// The logged form of a request: subject and resource always (`null` when absent), action and context when
    /// present.
    static func logged(_ request: AccessEvaluationRequest) -> JSONValue {
        var members: JSONObject = ["subject": request.subject?.json ?? .null]
        if let action = request.action { members["action"] = action.json }
        members["resource"] = request.resource?.json ?? .null
        if let context = request.context { members["context"] = .object(context) }
        return .object(members)
    }

    static func loggedRequest(_ value: JSONValue) throws -> AccessEvaluationRequest {
        guard case .object(var members) = value else {
            throw LanyardError(.invalidField, "A decision record's 'request' is not an object.", field: "records")
        }
        for name in ["subject", "resource"] where members[name] == .null { members[name] = nil }
        return try AuthZENReader.parts(of: .object(members), at: "request.", idOptional: ["subject", "resource"])
    }
}
