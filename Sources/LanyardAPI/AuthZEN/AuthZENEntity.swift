public import LanyardModel

/// A subject or resource of an OpenID AuthZEN request (Authorization API 1.0): `{"type", "id", "properties"?}`.
public struct AuthZENEntity: Sendable, Hashable, JSONRepresentable {
    /// A Cedar entity type name (`user`, `Acme::Document`).
    public var type: String
    /// Absent only where a search names the type searched for.
    public var id: String?
    /// The enforcement point's assertions about the entity (they reach Cedar as `context.subject` or
    /// `context.resource`).
    public var properties: JSONObject?

    public init(type: String, id: String? = nil, properties: JSONObject? = nil) {
        self.type = type
        self.id = id
        self.properties = properties
    }

    public init(json: JSONValue) throws { self = try AuthZENReader.entity(json, field: "entity", idRequired: false) }

    public var json: JSONValue {
        var members: JSONObject = ["type": .string(type)]
        if let id { members["id"] = .string(id) }
        if let properties { members["properties"] = .object(properties) }
        return .object(members)
    }
}

/// An action of an AuthZEN request: `{"name", "properties"?}`.
public struct AuthZENAction: Sendable, Hashable, JSONRepresentable {
    public var name: String
    /// The enforcement point's assertions about the action (`context.action` in Cedar).
    public var properties: JSONObject?

    public init(name: String, properties: JSONObject? = nil) {
        self.name = name
        self.properties = properties
    }

    public init(json: JSONValue) throws { self = try AuthZENReader.action(json, field: "action") }

    public var json: JSONValue {
        var members: JSONObject = ["name": .string(name)]
        if let properties { members["properties"] = .object(properties) }
        return .object(members)
    }
}

/// Reading AuthZEN request members with the bounds and errors of the API: a malformed member is `invalid_request`
/// naming the field; unknown members are ignored, as the specification requires.
enum AuthZENReader {
    /// Longest entity type, id or action name accepted.
    static let maxNameBytes = 1024

    /// Subject, action, resource and context where present; the ids of subject and resource are required unless
    /// named in `idOptional`.
    static func parts(of body: JSONValue, at prefix: String, idOptional: Set<String> = []) throws -> AccessEvaluationRequest {
        guard case .object(let object) = body else { throw LanyardError(.invalidRequest, "The request body must be a JSON object.") }
        var context: JSONObject?
        if let value = object["context"] {
            guard case .object(let members) = value else {
                throw LanyardError(.invalidRequest, "'\(prefix)context' must be an object.", field: "\(prefix)context")
            }
            context = members
        }
        return AccessEvaluationRequest(
            subject: try object["subject"].map { try entity($0, field: "\(prefix)subject", idRequired: !idOptional.contains("subject")) },
            action: try object["action"].map { try action($0, field: "\(prefix)action") },
            resource: try object["resource"].map { try entity($0, field: "\(prefix)resource", idRequired: !idOptional.contains("resource")) },
            context: context)
    }

    static func entity(_ value: JSONValue, field: String, idRequired: Bool) throws -> AuthZENEntity {
        guard case .object(let object) = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        guard case .string(let type)? = object["type"] else {
            throw LanyardError(.invalidRequest, "'\(field).type' is required and must be a string.", field: "\(field).type")
        }
        guard isEntityTypeName(type) else {
            throw LanyardError(
                .invalidRequest, "'\(field).type' must be a Cedar entity type name such as 'user' or 'Acme::Document'.", field: "\(field).type")
        }
        var id: String?
        switch object["id"] {
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
        return AuthZENEntity(type: type, id: id, properties: try properties(object["properties"], field: "\(field).properties"))
    }

    static func action(_ value: JSONValue, field: String) throws -> AuthZENAction {
        guard case .object(let object) = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        guard case .string(let name)? = object["name"] else {
            throw LanyardError(.invalidRequest, "'\(field).name' is required and must be a string.", field: "\(field).name")
        }
        guard !name.isEmpty, name.utf8.count <= maxNameBytes else {
            throw LanyardError(.invalidRequest, "'\(field).name' must be 1 to \(maxNameBytes) bytes.", field: "\(field).name")
        }
        return AuthZENAction(name: name, properties: try properties(object["properties"], field: "\(field).properties"))
    }

    static func properties(_ value: JSONValue?, field: String) throws -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let members) = value else { throw LanyardError(.invalidRequest, "'\(field)' must be an object.", field: field) }
        return members
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
