public import LanyardModel

/// A refusal of the MCP gateway's protocol layer: the JSON-RPC error code, the HTTP status the revision gives it, a
/// sentence for the agent's developer, and the request id when one was read.
public struct MCPProtocolError: Error, Sendable, Hashable {
    /// The JSON-RPC error code.
    public var code: Int
    /// The HTTP status of the answer.
    public var status: Int
    public var message: String
    /// The request's id, or nil (answered as `null`).
    public var id: JSONValue?
    /// The error's `data`, when the revision defines one (the supported versions of `-32022`).
    public var data: JSONValue?

    public init(code: Int, status: Int, message: String, id: JSONValue? = nil, data: JSONValue? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.id = id
        self.data = data
    }

    /// JSON-RPC codes the gateway answers with.
    public enum Code {
        public static let parseError = -32700
        public static let invalidRequest = -32600
        public static let methodNotFound = -32601
        public static let invalidParams = -32602
        public static let internalError = -32603
        /// 2026-07-28: a routing header disagrees with the body, is missing, repeated or malformed.
        public static let headerMismatch = -32020
        /// 2026-07-28: the requested protocol version is not one the gateway speaks.
        public static let unsupportedProtocolVersion = -32022
        /// 2025-11-25: the call needs the user to visit a URL first (the approval hold of that revision).
        public static let urlElicitationRequired = -32042
    }

    /// A body that is not JSON.
    public static func parse(_ detail: String) -> MCPProtocolError {
        MCPProtocolError(code: Code.parseError, status: 400, message: "The body is not JSON: \(detail)")
    }

    /// A body that is JSON but not one acceptable JSON-RPC message.
    public static func invalid(_ message: String, id: JSONValue? = nil) -> MCPProtocolError {
        MCPProtocolError(code: Code.invalidRequest, status: 400, message: message, id: id)
    }

    /// A routing header that disagrees with the body (2026-07-28).
    public static func headerMismatch(_ message: String, id: JSONValue?) -> MCPProtocolError {
        MCPProtocolError(code: Code.headerMismatch, status: 400, message: message, id: id)
    }

    /// The JSON-RPC error response body.
    public var body: JSONValue {
        var error: JSONObject = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { error = JSONObject(error.members + [("data", data)]) }
        return .object(["jsonrpc": .string("2.0"), "id": id ?? .null, "error": .object(error)])
    }
}
