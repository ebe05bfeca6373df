public import LanyardModel

/// The answer to one evaluation: `{"decision": bool, "context": {...}}` (AuthZEN 1.0, "Access Evaluation
/// Response"). Members go out in this order; the golden answer in `Tests/LanyardServerTests/Golden` pins the bytes.
public struct AccessEvaluationResponse: Sendable, Hashable, JSONRepresentable {
    public var decision: Bool
    public var context: AccessDecisionContext

    public init(decision: Bool, context: AccessDecisionContext) {
        self.decision = decision
        self.context = context
    }

    public init(json: JSONValue) throws {
        guard case .bool(let decision)? = json["decision"] else { throw AuthZENAnswerReader.invalid("decision") }
        self.decision = decision
        context = try json["context"].map(AccessDecisionContext.init(json:)) ?? AccessDecisionContext()
    }

    public var json: JSONValue { .object(["decision": .bool(decision), "context": context.json]) }
}

/// Why a decision is what it is: the determining policies and the policy version; for administrators the
/// policies' annotations and a sentence; for others the reason a request was refused without evaluation. An item of
/// a batch that could not be evaluated carries only its ``error``.
public struct AccessDecisionContext: Sendable, Hashable, JSONRepresentable {
    /// What was wrong with this item of a batch (HTTP-style status and sentence).
    public var error: ItemError?
    /// Determining policies.
    public var policies: [String]
    /// The policy-store version the decision was made with.
    public var policyVersion: Int?
    /// Policies that raised an error (and were skipped).
    public var errors: [PolicyFailure]
    /// The determining policies' annotations, in the order of ``policies`` (administrators only).
    public var annotations: [PolicyAnnotations]
    /// One sentence for administrators (`reason_admin.en`).
    public var reasonAdmin: String?
    /// One sentence for the caller (`reason_user.en`).
    public var reasonUser: String?

    /// `{"status", "message"}`.
    public struct ItemError: Sendable, Hashable {
        public var status: Int
        public var message: String
        public init(status: Int, message: String) {
            self.status = status
            self.message = message
        }
    }

    /// A policy's annotations (`@id`, `@description`, …).
    public struct PolicyAnnotations: Sendable, Hashable {
        public var policy: String
        public var annotations: [String: String]
        public init(policy: String, annotations: [String: String]) {
            self.policy = policy
            self.annotations = annotations
        }
    }

    public init(
        error: ItemError? = nil, policies: [String] = [], policyVersion: Int? = nil, errors: [PolicyFailure] = [],
        annotations: [PolicyAnnotations] = [], reasonAdmin: String? = nil, reasonUser: String? = nil
    ) {
        self.error = error
        self.policies = policies
        self.policyVersion = policyVersion
        self.errors = errors
        self.annotations = annotations
        self.reasonAdmin = reasonAdmin
        self.reasonUser = reasonUser
    }

    public init(json: JSONValue) throws {
        self.init()
        if let value = json["error"] {
            guard case .number(let status)? = value["status"], let code = status.int64, let message = value["message"]?.stringValue else {
                throw AuthZENAnswerReader.invalid("context.error")
            }
            error = ItemError(status: Int(clamping: code), message: message)
        }
        policies = try AuthZENAnswerReader.strings(json["policies"], "context.policies")
        if case .number(let version)? = json["policy_version"], let exact = version.int64 { policyVersion = Int(clamping: exact) }
        if case .array(let items)? = json["errors"] { errors = try items.map(PolicyFailure.init(json:)) }
        if case .object(let members)? = json["annotations"] {
            annotations = members.members.map { member in
                guard case .object(let values) = member.value else { return PolicyAnnotations(policy: member.key, annotations: [:]) }
                return PolicyAnnotations(policy: member.key, annotations: values.dictionary.compactMapValues(\.stringValue))
            }
        }
        reasonAdmin = json["reason_admin"]?["en"]?.stringValue
        reasonUser = json["reason_user"]?["en"]?.stringValue
    }

    public var json: JSONValue {
        if let error { return .object(["error": .object(["status": .int(Int64(error.status)), "message": .string(error.message)])]) }
        var members: JSONObject = ["policies": .array(policies.map(JSONValue.string))]
        if let policyVersion { members["policy_version"] = .int(Int64(policyVersion)) }
        if !errors.isEmpty { members["errors"] = .array(errors.map(\.json)) }
        if !annotations.isEmpty {
            members["annotations"] = .object(
                JSONObject(
                    annotations.map { entry in
                        (entry.policy, .object(JSONObject(entry.annotations.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })))
                    }))
        }
        if let reasonAdmin { members["reason_admin"] = .object(["en": .string(reasonAdmin)]) }
        if let reasonUser { members["reason_user"] = .object(["en": .string(reasonUser)]) }
        return .object(members)
    }
}

/// A policy that raised an error during evaluation (and was skipped): `{"policy", "message"}`.
public struct PolicyFailure: Sendable, Hashable, JSONRepresentable {
    public var policy: String
    public var message: String

    public init(policy: String, message: String) {
        self.policy = policy
        self.message = message
    }

    public init(json: JSONValue) throws {
        guard let policy = json["policy"]?.stringValue, let message = json["message"]?.stringValue else {
            throw AuthZENAnswerReader.invalid("errors")
        }
        self.init(policy: policy, message: message)
    }

    public var json: JSONValue { .object(["policy": .string(policy), "message": .string(message)]) }
}

/// The answer of `/access/v1/evaluations`: `{"evaluations": [...]}`, one answer per item evaluated, in order; a
/// request without items is answered like a single evaluation.
public enum AccessEvaluationsResponse: Sendable, Hashable, JSONRepresentable {
    case single(AccessEvaluationResponse)
    case batch([AccessEvaluationResponse])

    public init(json: JSONValue) throws {
        guard let list = json["evaluations"] else {
            self = .single(try AccessEvaluationResponse(json: json))
            return
        }
        guard case .array(let items) = list else { throw AuthZENAnswerReader.invalid("evaluations") }
        self = .batch(try items.map(AccessEvaluationResponse.init(json:)))
    }

    public var json: JSONValue {
        switch self {
        case .single(let answer): answer.json
        case .batch(let answers): .object(["evaluations": .array(answers.map(\.json))])
        }
    }
}

/// Reading answers (for clients and the decision log).
enum AuthZENAnswerReader {
    static func invalid(_ field: String) -> LanyardError {
        LanyardError(.invalidField, "The AuthZEN answer's '\(field)' is missing or has the wrong type.", field: field)
    }

    static func strings(_ value: JSONValue?, _ field: String) throws -> [String] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw invalid(field) }
        return try items.map { item in
            guard let text = item.stringValue else { throw invalid(field) }
            return text
        }
    }
}
