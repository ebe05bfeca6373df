import Foundation
import CedarPolicy
import LanyardModel

/// A subject or resource of an OpenID AuthZEN request: `{"type", "id", "properties"?}`.
struct AuthZENEntity: Sendable, Equatable {
    var type: String
    /// Absent only in search requests, where the entity names the type searched for.
    var id: String?
    var properties: CedarJSON?
}

/// An action of an AuthZEN request: `{"name", "properties"?}`.
struct AuthZENAction: Sendable, Equatable {
    var name: String
    var properties: CedarJSON?
}

/// One access evaluation (a single request, or one item of a batch after the defaults were applied).
struct AuthZENEvaluation: Sendable {
    var subject: AuthZENEntity?
    var action: AuthZENAction?
    var resource: AuthZENEntity?
    /// The `context` object's members.
    var context: [(String, CedarJSON)]?

    /// The missing required parts, by name, in a fixed order.
    var missing: [String] {
        var out: [String] = []
        if subject == nil { out.append("subject") }
        if action == nil { out.append("action") }
        if resource == nil { out.append("resource") }
        return out
    }
}

/// How a batch is run (`options.evaluations_semantic`).
enum EvaluationsSemantic: String, Sendable {
    case executeAll = "execute_all"
    case denyOnFirstDeny = "deny_on_first_deny"
    case permitOnFirstPermit = "permit_on_first_permit"
}

/// Reading AuthZEN request bodies (already parsed as JSON) into evaluations, with the bounds and the errors
/// of the API: a malformed request is `invalid_request` (HTTP 400) naming the field. Unknown members are ignored,
/// as the specification requires.
enum AuthZENRequestReader {
    /// Longest entity type, id or action name accepted.
    static let maxNameBytes = 1024
    /// Most items in one batch.
    static let maxEvaluations = 1000

    /// The top level of `/access/v1/evaluation`: all three of subject, action and resource are required.
    static func evaluation(_ body: CedarJSON) throws -> AuthZENEvaluation {
        let evaluation = try parts(of: body, at: "")
        if let first = evaluation.missing.first {
            throw LanyardError(.invalidRequest, "The request needs '\(first)'.", field: first)
        }
        return evaluation
    }

    /// `/access/v1/evaluations`: the defaults, the items (not yet merged) and the semantic.
    static func evaluations(_ body: CedarJSON) throws -> (defaults: AuthZENEvaluation, items: [CedarJSON], semantic: EvaluationsSemantic) {
        let defaults = try parts(of: body, at: "")
        var semantic = EvaluationsSemantic.executeAll
        if let options = body["options"] {
            guard case .object = options else { throw LanyardError(.invalidRequest, "'options' must be an object.", field: "options") }
            if let value = options["evaluations_semantic"] {
                guard case .string(let text) = value, let parsed = EvaluationsSemantic(rawValue: text) else {
                    throw LanyardError(
                        .invalidRequest, "options.evaluations_semantic must be execute_all, deny_on_first_deny or permit_on_first_permit.",
                        field: "options.evaluations_semantic")
                }
                semantic = parsed
            }
        }
        guard let list = body["evaluations"] else { return (defaults, [], semantic) }
        guard case .array(let items) = list else { throw LanyardError(.invalidRequest, "'evaluations' must be an array.", field: "evaluations") }
        guard items.count <= maxEvaluations else {
            throw LanyardError(.invalidRequest, "At most \(maxEvaluations) evaluations are accepted in one request.", field: "evaluations")
        }
        return (defaults, items, semantic)
    }

    /// One batch item over the defaults: each of subject, action, resource and context given in the item
    /// replaces the default as a whole.
    static func item(_ item: CedarJSON, index: Int, over defaults: AuthZENEvaluation) throws -> AuthZENEvaluation {
        guard case .object = item else {
            throw LanyardError(.invalidRequest, "evaluations[\(index)] must be an object.", field: "evaluations[\(index)]")
        }
        let own = try parts(of: item, at: "evaluations[\(index)].")
        let merged = AuthZENEvaluation(
            subject: own.subject ?? defaults.subject, action: own.action ?? defaults.action,
            resource: own.resource ?? defaults.resource, context: own.context ?? defaults.context)
        if let first = merged.missing.first {
            throw LanyardError(
                .invalidRequest, "evaluations[\(index)] has no '\(first)' and there is no default.", field: "evaluations[\(index)].\(first)")
        }
        return merged
    }

    /// Reads subject, action, resource and context where present; ids of subject and resource are required.
    static func parts(of body: CedarJSON, at prefix: String, idOptional: Set<String> = []) throws -> AuthZENEvaluation {
        guard case .object = body else { throw LanyardError(.invalidRequest, "The request body must be a JSON object.") }
        var context: [(String, CedarJSON)]?
        if let value = body["context"] {
            guard case .object(let members) = value else {
                throw LanyardError(.invalidRequest, "'\(prefix)context' must be an object.", field: "\(prefix)context")
            }
            context = members
        }
        return AuthZENEvaluation(
            subject: try entity(body["subject"], field: "\(prefix)subject", idRequired: !idOptional.contains("subject")),
            action: try action(body["action"], field: "\(prefix)action"),
            resource: try entity(body["resource"], field: "\(prefix)resource", idRequired: !idOptional.contains("resource")),
            context: context)
    }

    /// A search request: the entity searched for needs only a type; the others need ids.
    static func search(_ body: CedarJSON, searching: String) throws -> AuthZENEvaluation {
        let evaluation = try parts(of: body, at: "", idOptional: [searching])
        let required = searching == "action" ? ["subject", "resource"] : ["subject", "action", "resource"]
        for part in required where evaluation.missing.contains(part) {
            throw LanyardError(.invalidRequest, "The search request needs '\(part)'.", field: part)
        }
        return evaluation
    }

    static func entity(_ value: CedarJSON?, field: String, idRequired: Bool) throws -> AuthZENEntity? {
        guard let value else { return nil }
        guard case .object = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        guard case .string(let type)? = value["type"] else {
            throw LanyardError(.invalidRequest, "'\(field).type' is required and must be a string.", field: "\(field).type")
        }
        guard isEntityTypeName(type) else {
            throw LanyardError(
                .invalidRequest, "'\(field).type' must be a Cedar entity type name such as 'user' or 'Acme::Document'.", field: "\(field).type")
        }
        var id: String?
        switch value["id"] {
        case .string(let text)?:
            guard !text.isEmpty, text.utf8.count <= maxNameBytes else {
                throw LanyardError(.invalidRequest, "'\(field).id' must be 1 to \(maxNameBytes) bytes.", field: "\(field).id")
            }
            id = text
        case nil:
            if idRequired { throw LanyardError(.invalidRequest, "'\(field).id' is required.", field: "\(field).id") }
        default:
            throw LanyardError(.invalidRequest, "'\(field).id' must be a string.", field: "\(field).id")
        }
        return AuthZENEntity(type: type, id: id, properties: try properties(value["properties"], field: "\(field).properties"))
    }

    static func action(_ value: CedarJSON?, field: String) throws -> AuthZENAction? {
        guard let value else { return nil }
        guard case .object = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        guard case .string(let name)? = value["name"] else {
            throw LanyardError(.invalidRequest, "'\(field).name' is required and must be a string.", field: "\(field).name")
        }
        guard !name.isEmpty, name.utf8.count <= maxNameBytes else {
            throw LanyardError(.invalidRequest, "'\(field).name' must be 1 to \(maxNameBytes) bytes.", field: "\(field).name")
        }
        return AuthZENAction(name: name, properties: try properties(value["properties"], field: "\(field).properties"))
    }

    static func properties(_ value: CedarJSON?, field: String) throws -> CedarJSON? {
        guard let value else { return nil }
        guard case .object = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        return value
    }

    /// `Name(::Name)*` where a name is an identifier (`[_A-Za-z][_A-Za-z0-9]*`), at most 256 bytes.
    static func isEntityTypeName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 256 else { return false }
        // One pass over the bytes (splitting on "::" through Foundation cost 2 % of a batch).
        enum State { case nameStart, inName, afterColon }
        func letter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
        var state = State.nameStart
        for byte in text.utf8 {
            switch state {
            case .nameStart:
                guard letter(byte) else { return false }
                state = .inName
            case .inName:
                if byte == UInt8(ascii: ":") {
                    state = .afterColon
                } else if !(letter(byte) || (byte >= 0x30 && byte <= 0x39)) {
                    return false
                }
            case .afterColon:
                guard byte == UInt8(ascii: ":") else { return false }
                state = .nameStart
            }
        }
        return state == .inName
    }
}
