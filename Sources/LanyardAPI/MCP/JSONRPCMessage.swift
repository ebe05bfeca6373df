public import LanyardModel

/// One JSON-RPC 2.0 message as the body of an MCP Streamable HTTP POST, read strictly: one object (no batch), `"jsonrpc":
/// "2.0"`, no member name twice anywhere in it (so the gateway and the upstream can never read different values of one
/// field), a string or integer `id`, a string `method`, object `params`.
///
/// The gateway decides on this parsed value and forwards ``body`` re-encoded, never the bytes it received.
public struct JSONRPCMessage: Sendable, Hashable {
    /// What the message is.
    public enum Kind: Sendable, Hashable {
        /// A request: answered with a response carrying the same id.
        case request(id: JSONValue)
        /// A notification: no id, no answer.
        case notification
        /// A response to a request the server sent (2025-11-25 only).
        case response(id: JSONValue)
    }

    public var kind: Kind
    /// The method of a request or a notification.
    public var method: String?
    /// The params of a request or a notification (an empty object when absent).
    public var params: JSONObject
    /// The whole message.
    public var body: JSONObject

    /// The largest body read.
    public static let maxBytes = 1024 * 1024
    /// The deepest nesting read.
    public static let maxDepth = 64
    /// The longest method name read.
    public static let maxMethodLength = 128

    /// The request id, or nil for a notification.
    public var id: JSONValue? {
        switch kind {
        case .request(let id), .response(let id): id
        case .notification: nil
        }
    }

    /// `params.name` (`tools/call`, `prompts/get`) or `params.uri` (`resources/read`): what MCP names the call's target.
    public var targetName: String? {
        switch method {
        case "tools/call", "prompts/get": if case .string(let name)? = params["name"] { return name }
        case "resources/read": if case .string(let uri)? = params["uri"] { return uri }
        default: break
        }
        return nil
    }

    /// Reads one message from `bytes`.
    /// - Throws: ``MCPProtocolError`` — `-32700` for bytes that are not JSON; `-32600` for a batch, a duplicated member,
    ///   a missing or wrong `jsonrpc`, an id that is neither a string nor an integer, a method that is not a string, or
    ///   params that are not an object.
    public static func parse(_ bytes: [UInt8]) throws(MCPProtocolError) -> JSONRPCMessage {
        guard bytes.count <= maxBytes else {
            throw MCPProtocolError(code: MCPProtocolError.Code.invalidRequest, status: 413, message: "The message is larger than \(maxBytes / 1024) KiB.")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(utf8: bytes, maxDepth: maxDepth)
        } catch {
            throw .parse(error.description)
        }
        return try read(value)
    }

    /// Reads one message from a parsed JSON value (see ``parse(_:)``).
    public static func read(_ value: JSONValue) throws(MCPProtocolError) -> JSONRPCMessage {
        guard case .object(let body) = value else {
            if case .array = value { throw .invalid("Send one JSON-RPC message per request: batches are not accepted.") }
            throw .invalid("The body must be one JSON-RPC message object.")
        }
        if let name = firstRepeatedName(in: value) { throw .invalid("Member '\(name.prefix(64))' appears more than once in the message.") }
        var id: JSONValue?
        switch body["id"] {
        case nil: id = nil
        case .string(let text)? where text.utf8.count <= 256: id = .string(text)
        case .number(let number)? where number.int64 != nil: id = .number(number)
        default: throw .invalid("The id must be a string (at most 256 bytes) or an integer.")
        }
        guard case .string("2.0")? = body["jsonrpc"] else { throw .invalid("The message must say \"jsonrpc\": \"2.0\".", id: id) }
        var params = JSONObject()
        switch body["params"] {
        case nil: break
        case .object(let object)?: params = object
        default: throw MCPProtocolError(code: MCPProtocolError.Code.invalidParams, status: 400, message: "params must be an object.", id: id)
        }
        switch body["method"] {
        case .string(let method)?:
            guard !method.isEmpty, method.utf8.count <= maxMethodLength else {
                throw .invalid("The method must be 1 to \(maxMethodLength) bytes.", id: id)
            }
            guard body["result"] == nil, body["error"] == nil else { throw .invalid("A request carries no result or error.", id: id) }
            return JSONRPCMessage(kind: id.map { .request(id: $0) } ?? .notification, method: method, params: params, body: body)
        case nil:
            guard let id, (body["result"] == nil) != (body["error"] == nil) else {
                throw .invalid("A message without a method must be a response: an id and exactly one of result or error.", id: id)
            }
            return JSONRPCMessage(kind: .response(id: id), method: nil, params: params, body: body)
        default:
            throw .invalid("The method must be a string.", id: id)
        }
    }

    /// The first member name that appears twice in one object anywhere in `value`, or nil.
    static func firstRepeatedName(in value: JSONValue) -> String? {
        switch value {
        case .object(let object):
            var seen = Set<String>()
            for member in object.members {
                if !seen.insert(member.key).inserted { return member.key }
            }
            for member in object.members {
                if let found = firstRepeatedName(in: member.value) { return found }
            }
            return nil
        case .array(let items):
            for item in items {
                if let found = firstRepeatedName(in: item) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

extension JSONRPCMessage {
    /// The message as an upstream gets it: without the members of a retried held call (`inputResponses`,
    /// `requestState`), which are the gateway's business.
    public var upstreamBody: JSONValue {
        guard params["inputResponses"] != nil || params["requestState"] != nil else { return .object(body) }
        return MCPAnswers.replacingParams(of: self, with: JSONObject(params.members.filter { $0.key != "inputResponses" && $0.key != "requestState" }))
    }

    /// Whether the request's client capabilities (2026-07-28 `_meta`) include URL elicitation.
    public var acceptsURLElicitation: Bool {
        guard case .object(let meta)? = params["_meta"], case .object(let capabilities)? = meta[MCPAnswers.clientCapabilitiesKey],
            case .object(let elicitation)? = capabilities["elicitation"]
        else { return false }
        return elicitation["url"] != nil
    }
}
