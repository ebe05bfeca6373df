public import LanyardModel

/// The JSON-RPC messages the MCP gateway writes itself, shaped per revision: the wire half of the gateway's answers,
/// next to ``JSONRPCMessage`` (what it reads) and ``MCPProtocolError`` (its error responses).
public enum MCPAnswers {
    /// The `_meta` key of a 2026-07-28 request's client capabilities.
    public static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"

    /// The `_meta` of a request the gateway itself sends under 2026-07-28: the revision, and no client capabilities.
    public static let gatewayMeta: JSONObject = [
        MCPRevision.metaVersionKey: .string(MCPRevision.stateless.rawValue), clientCapabilitiesKey: .object([:]),
    ]

    /// A response carrying `result` to request `id`.
    public static func response(id: JSONValue, result: JSONObject) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "result": .object(result)])
    }

    /// A request the gateway sends upstream on its own account.
    public static func request(id: JSONValue, method: String, params: JSONObject) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "method": .string(method), "params": .object(params)])
    }

    /// A `tools/call` result that reports a failure to the model (`isError: true`) with `text`; complete under
    /// 2026-07-28 (`resultType`).
    public static func toolError(id: JSONValue, text: String, revision: MCPRevision) -> JSONValue {
        var result: JSONObject = ["content": .array([.object(["type": .string("text"), "text": .string(text)])]), "isError": .bool(true)]
        if revision == .stateless { result = JSONObject(result.members + [("resultType", .string("complete"))]) }
        return response(id: id, result: result)
    }

    /// 2026-07-28: an `input_required` result asking the client to open `url` (a URL elicitation named `name`), with the
    /// `requestState` the client returns when it retries.
    public static func inputRequired(id: JSONValue, name: String, message: String, url: String, requestState: String) -> JSONValue {
        let elicitation: JSONValue = .object([
            "method": .string("elicitation/create"),
            "params": .object(["mode": .string("url"), "message": .string(message), "url": .string(url)]),
        ])
        return response(
            id: id,
            result: [
                "resultType": .string("input_required"), "inputRequests": .object([name: elicitation]), "requestState": .string(requestState),
            ])
    }

    /// 2025-11-25: error `-32042`, the call needs the user to open `url` first.
    public static func urlElicitationRequired(id: JSONValue, message: String, url: String, elicitationID: String) -> MCPProtocolError {
        let elicitation: JSONValue = .object([
            "mode": .string("url"), "message": .string(message), "url": .string(url), "elicitationId": .string(elicitationID),
        ])
        return MCPProtocolError(
            code: MCPProtocolError.Code.urlElicitationRequired, status: 200, message: "A person must approve this call first.", id: id,
            data: .object(["elicitations": .array([elicitation])]))
    }

    /// `response` (to a `tools/list`) with its tools replaced by `tools`, marked `cacheScope: private` under 2026-07-28
    /// (the list is this agent's).
    public static func replacingTools(in response: JSONObject, result: JSONObject, with tools: [JSONValue], revision: MCPRevision) -> JSONObject {
        var result = JSONObject(result.members.filter { $0.key != "tools" && $0.key != "cacheScope" } + [("tools", .array(tools))])
        if revision == .stateless { result = JSONObject(result.members + [("cacheScope", .string("private"))]) }
        return JSONObject(response.members.filter { $0.key != "result" } + [("result", .object(result))])
    }

    /// `message`'s body with `params` replaced.
    public static func replacingParams(of message: JSONRPCMessage, with params: JSONObject) -> JSONValue {
        .object(JSONObject(message.body.members.map { $0.key == "params" ? ($0.key, .object(params)) : $0 }))
    }
}
