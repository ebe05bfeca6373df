public import LanyardModel

/// `POST {issuer}/access/v1/evaluation`: one access evaluation (AuthZEN Authorization API 1.0, "Access Evaluation
/// API"). Also the defaults of a batch and one of its items, where parts may be missing.
public struct AccessEvaluationRequest: Sendable, Hashable, JSONRepresentable {
    public var subject: AuthZENEntity?
    public var action: AuthZENAction?
    public var resource: AuthZENEntity?
    /// The `context` object's members, in the order given.
    public var context: JSONObject?

    public init(subject: AuthZENEntity? = nil, action: AuthZENAction? = nil, resource: AuthZENEntity? = nil, context: JSONObject? = nil) {
        self.subject = subject
        self.action = action
        self.resource = resource
        self.context = context
    }

    /// Reads subject, action, resource and context where present (subject and resource need ids); see ``missing``.
    /// - Throws: `invalid_request` naming the malformed member.
    public init(json: JSONValue) throws { self = try AuthZENReader.parts(of: json, at: "") }

    public var json: JSONValue {
        var members = JSONObject()
        if let subject { members["subject"] = subject.json }
        if let action { members["action"] = action.json }
        if let resource { members["resource"] = resource.json }
        if let context { members["context"] = .object(context) }
        return .object(members)
    }

    /// The missing required parts, by name, in a fixed order.
    public var missing: [String] {
        var out: [String] = []
        if subject == nil { out.append("subject") }
        if action == nil { out.append("action") }
        if resource == nil { out.append("resource") }
        return out
    }

    /// The request with all three of subject, action and resource, as `/access/v1/evaluation` needs it.
    /// - Throws: `invalid_request` naming the first missing part.
    public func complete() throws -> AccessEvaluationRequest {
        if let first = missing.first { throw LanyardError(.invalidRequest, "The request needs '\(first)'.", field: first) }
        return self
    }
}

/// `POST {issuer}/access/v1/evaluations`: a batch (AuthZEN 1.0, "Access Evaluations API") — defaults, items, and
/// `options.evaluations_semantic`. Without items it is a single evaluation of the defaults.
public struct AccessEvaluationsRequest: Sendable, Hashable, JSONRepresentable {
    /// Most items in one batch.
    public static let maxEvaluations = 1000

    /// The top-level subject, action, resource and context: what an item leaves out.
    public var defaults: AccessEvaluationRequest
    /// The items; `nil` when the body has no `evaluations`.
    public var evaluations: [Item]?
    /// `options.evaluations_semantic`; `nil` when not given (`execute_all`).
    public var semantic: EvaluationsSemantic?

    /// One item of a batch. A malformed item does not fail the batch: it is answered in place with its error.
    public enum Item: Sendable, Hashable {
        case evaluation(AccessEvaluationRequest)
        /// The item as sent, and what is wrong with it.
        case malformed(JSONValue, LanyardError)

        var json: JSONValue {
            switch self {
            case .evaluation(let request): request.json
            case .malformed(let value, _): value
            }
        }
    }

    /// How a batch is run.
    public enum EvaluationsSemantic: String, Sendable, Hashable {
        case executeAll = "execute_all"
        case denyOnFirstDeny = "deny_on_first_deny"
        case permitOnFirstPermit = "permit_on_first_permit"
    }

    public init(defaults: AccessEvaluationRequest = AccessEvaluationRequest(), evaluations: [Item]? = nil, semantic: EvaluationsSemantic? = nil) {
        self.defaults = defaults
        self.evaluations = evaluations
        self.semantic = semantic
    }

    /// - Throws: `invalid_request` for malformed defaults or options, `evaluations` that is not an array, or more
    ///   than ``maxEvaluations`` items (a malformed item is kept as ``Item/malformed(_:_:)``).
    public init(json: JSONValue) throws {
        defaults = try AuthZENReader.parts(of: json, at: "")
        if let options = json["options"] {
            guard case .object(let members) = options else { throw LanyardError(.invalidRequest, "'options' must be an object.", field: "options") }
            if let value = members["evaluations_semantic"] {
                guard case .string(let text) = value, let parsed = EvaluationsSemantic(rawValue: text) else {
                    throw LanyardError(
                        .invalidRequest, "options.evaluations_semantic must be execute_all, deny_on_first_deny or permit_on_first_permit.",
                        field: "options.evaluations_semantic")
                }
                semantic = parsed
            }
        }
        guard let list = json["evaluations"] else { return }
        guard case .array(let items) = list else { throw LanyardError(.invalidRequest, "'evaluations' must be an array.", field: "evaluations") }
        guard items.count <= Self.maxEvaluations else {
            throw LanyardError(.invalidRequest, "At most \(Self.maxEvaluations) evaluations are accepted in one request.", field: "evaluations")
        }
        evaluations = items.enumerated().map { index, item in
            guard case .object = item else {
                return .malformed(item, LanyardError(.invalidRequest, "evaluations[\(index)] must be an object.", field: "evaluations[\(index)]"))
            }
            do {
                return .evaluation(try AuthZENReader.parts(of: item, at: "evaluations[\(index)]."))
            } catch let error as LanyardError {
                return .malformed(item, error)
            } catch {
                return .malformed(item, LanyardError(.invalidRequest, "evaluations[\(index)] is malformed.", field: "evaluations[\(index)]"))
            }
        }
    }

    public var json: JSONValue {
        guard case .object(var members) = defaults.json else { return defaults.json }
        if let semantic { members["options"] = .object(["evaluations_semantic": .string(semantic.rawValue)]) }
        if let evaluations { members["evaluations"] = .array(evaluations.map(\.json)) }
        return .object(members)
    }

    /// Item `index` over the defaults: each of subject, action, resource and context given in the item replaces
    /// the default as a whole.
    /// - Throws: `invalid_request` for a malformed item, or one that lacks a part with no default.
    public func evaluation(at index: Int) throws -> AccessEvaluationRequest {
        guard let evaluations, evaluations.indices.contains(index) else {
            throw LanyardError(.invalidRequest, "There is no evaluations[\(index)].", field: "evaluations[\(index)]")
        }
        switch evaluations[index] {
        case .malformed(_, let error): throw error
        case .evaluation(let own):
            let merged = AccessEvaluationRequest(
                subject: own.subject ?? defaults.subject, action: own.action ?? defaults.action,
                resource: own.resource ?? defaults.resource, context: own.context ?? defaults.context)
            if let first = merged.missing.first {
                throw LanyardError(
                    .invalidRequest, "evaluations[\(index)] has no '\(first)' and there is no default.", field: "evaluations[\(index)].\(first)")
            }
            return merged
        }
    }
}
