import LanyardAPI
import LanyardModel

/// The tool annotations a call's decision may rest on: a trusted upstream's own hints, from its tool list.
extension MCPGateway {
    /// The annotations of `tool` when `call`'s server is trusted for them: from a list at most five minutes old, or
    /// else from a `tools/list` the gateway sends upstream now (following at most ``annotationPages`` pages). Nil for
    /// an untrusted server, or a tool the upstream does not list.
    /// - Throws: ``upstreamFailed`` when the list cannot be had: a trusted server's hints may be what a forbid rests on,
    ///   so the call is not decided without them.
    func annotations(of tool: String, _ call: Call) async throws -> JSONObject? {
        guard call.server.toolAnnotationsTrusted else { return nil }
        if let known = toolAnnotations.annotations(of: tool, tenant: call.tenant, server: call.server, at: clock.now()) { return known }
        var cursor: JSONValue?
        for page in 0..<Self.annotationPages {
            var params: JSONObject = [:]
            if let cursor { params = ["cursor": cursor] }
            if call.revision == .stateless { params = JSONObject(params.members + [("_meta", .object(MCPAnswers.gatewayMeta))]) }
            let id = JSONValue.string("lanyard-annotations-\(page)")
            var list = call
            list.message = try JSONRPCMessage.read(MCPAnswers.request(id: id, method: "tools/list", params: params))
            let (response, _) = try await forward(list, id: id)
            guard case .object(let result)? = response?["result"], case .array(let tools)? = result["tools"] else {
                throw MCPProtocolError(
                    code: Self.upstreamFailed, status: 200, message: "The upstream MCP server \(call.server.name) sent no list of its tools' annotations.",
                    id: call.message.id)
            }
            toolAnnotations.note(tools, tenant: call.tenant, server: call.server, at: clock.now())
            if let known = toolAnnotations.annotations(of: tool, tenant: call.tenant, server: call.server, at: clock.now()) { return known }
            guard case .string? = result["nextCursor"] else { return nil }
            cursor = result["nextCursor"]
        }
        return nil
    }

    /// Pages of a trusted upstream's `tools/list` read to find one tool's annotations.
    static let annotationPages = 10
}
