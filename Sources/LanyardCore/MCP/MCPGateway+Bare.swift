import LanyardAPI
import LanyardAudit
import LanyardModel

extension MCPGateway {
    /// For the benchmark product's ceiling route only (`lanyard-ceiling`, issue 21): `call` forwarded the way
    /// ``handle(_:)`` forwards an allowed `tools/call` — the upstream's own token, the same transport, the answer read
    /// as a JSON-RPC response to the call — with nothing decided and nothing scanned. With `logged`, an `mcp.call` event
    /// is durable before the call goes upstream and an `mcp.result` event before the answer is returned, as in the real
    /// path; without it, nothing is written (the gateway's HTTP and forwarding alone).
    ///
    /// Never reachable from `lanyard serve`: it skips the decision, so no real route may call it.
    package func bareCall(_ call: Call, logged: Bool) async throws -> Answer {
        guard let id = call.message.id, let target = call.message.targetName else {
            throw MCPProtocolError(code: MCPProtocolError.Code.invalidParams, status: 400, message: "Send a tools/call with params.name.")
        }
        let name = String(target.prefix(256))
        let eventTarget = call.eventTarget(target)
        if logged {
            let digest = MCPSecretScan.digest(call.message.params["arguments"] ?? .object([:]))
            try await record(
                .mcpCall, call, target: eventTarget,
                details: [
                    "server": call.server.name, "method": call.message.method ?? "", "name": name, "argumentsDigest": digest, "decision": "allow",
                    "outcome": "forwarded",
                ])
        }
        let started = ContinuousClock.now
        let (response, session) = try await forward(call, id: id)
        guard let response else { throw MCPProtocolError(code: Self.upstreamFailed, status: 200, message: "The upstream sent no answer.", id: id) }
        let body = JSONValue.object(response)
        if logged {
            try await record(
                .mcpResult, call, target: eventTarget,
                details: [
                    "server": call.server.name, "method": call.message.method ?? "", "name": name, "outcome": "result",
                    "resultBytes": String(body.compactBytes.count),
                ], since: started)
        }
        return Answer(status: 200, body: body, upstreamSession: session)
    }
}
