import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardServer
import LanyardStorage
import LanyardTesting
import Synchronization
import Testing

/// The call the gateway's ceiling route measures (``MCPGateway/bareCall(_:logged:)``, `lanyard-ceiling` only): it must
/// do the real path's unavoidable work — the upstream's own token, the answer read as the response to the call, and
/// with `logged` both events durable — or the benchmark compares against the wrong floor.
@Suite("MCP gateway: the ceiling's bare call")
struct MCPBareCallTests {
    /// An upstream in process that answers every call with a result carrying the call's id, and keeps what it was sent.
    final class AnsweringUpstream: MCPUpstreamTransport {
        let sent = Mutex<[MCPUpstreamRequest]>([])
        /// The audit log's size when each request arrived.
        let heads = Mutex<[Int64]>([])
        let store: any LanyardStore

        init(store: any LanyardStore) {
            self.store = store
        }

        func send(_ request: MCPUpstreamRequest) async throws -> MCPUpstreamResponse {
            sent.withLock { $0.append(request) }
            let head = try await store.read { try await $0.auditHead(tenant: "default") }?.size ?? 0
            heads.withLock { $0.append(head) }
            let id = try JSONRPCMessage.parse(request.body).id ?? .null
            let answer = JSONValue.object([
                "jsonrpc": .string("2.0"), "id": id, "result": .object(["content": .array([.object(["type": .string("text"), "text": .string("T-1")])])]),
            ])
            return MCPUpstreamResponse(status: 200, contentType: "application/json", body: answer.compactBytes)
        }
    }

    @Test("logged: mcp.call before the upstream is called and mcp.result after; unlogged: nothing written; the upstream gets its own token")
    func bareCall() async throws {
        let harness = try await MCPRouteTests.harness()
        let bot = try await MCPRouteTests.agent(harness, "bench-bot")
        let upstream = AnsweringUpstream(store: harness.env.store)
        let env = harness.env
        let gateway = MCPGateway(
            decisions: env.decisions.decisionPoint, requests: env.decisions.accessRequests, tokens: env.credentials.mcpUpstreamTokens,
            transport: upstream, store: env.store, audit: env.audit, clock: env.clock, kek: env.kek)
        let resource = MCPGatewayResource(issuer: RouteHarness.issuer, server: "crm")
        let urls = harness.dependencies.urls(of: "default")
        let minted = Mutex("")
        try await harness.test { client in
            let token = try await MCPRouteTests.token(client, harness, bot, resource: MCPRouteTests.crmResource, jti: "j-bare")
            minted.withLock { $0 = token }
        }
        let token = minted.withLock { $0 }
        let agent = try await harness.dependencies.mcpGuard.authenticate(
            PresentedAccessToken(token: token, scheme: .bearer, dpopProofs: []), resource: resource, method: "POST", url: MCPRouteTests.crmResource,
            tenant: "default", urls: urls)
        let registry = try #require(harness.dependencies.mcpServers)
        let server = try #require(try await registry.server(named: "crm", tenant: "default"))
        func call(_ id: Int) throws -> MCPGateway.Call {
            let message = try JSONRPCMessage.parse(
                Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"read_ticket","arguments":{"id":"T-1"}}}"#.utf8))
            return MCPGateway.Call(
                message: message, revision: try MCPRevision.of(message, header: "2025-11-25"), server: server, gateway: resource, agent: agent,
                tenant: "default", urls: urls, upstreamSession: nil)
        }
        func head() async throws -> Int64 { try await env.store.read { try await $0.auditHead(tenant: "default") }?.size ?? 0 }

        // The first call mints the upstream's token (audited as every issued credential is); the second reuses it.
        let start = try await head()
        let unlogged = try await gateway.bareCall(try call(7), logged: false)
        #expect(unlogged.status == 200 && unlogged.body?["id"] == .int(7))
        let minting = try await env.store.read { try await $0.auditEvents(tenant: "default", after: start, limit: 10) }
        #expect(minting.map(\.action) == ["credential.exchange"])
        let before = try await head()
        _ = try await gateway.bareCall(try call(6), logged: false)
        #expect(try await head() == before)

        let logged = try await gateway.bareCall(try call(8), logged: true)
        guard case .object(let result)? = logged.body?["result"] else { throw LanyardError(.internal, "no result") }
        #expect(result["content"] != nil && logged.body?["id"] == .int(8))
        let events = try await env.store.read { try await $0.auditEvents(tenant: "default", after: before, limit: 10) }
        #expect(events.map(\.action) == ["mcp.call", "mcp.result"])
        #expect(upstream.heads.withLock { $0.last } == before + 1, "the mcp.call event is in the log before the upstream is called")
        #expect(events.first?.details["decision"] == "allow" && events.first?.details["argumentsDigest"]?.isEmpty == false)
        #expect(events.last?.details["resultBytes"] == String(logged.body?.compactBytes.count ?? -1))
        #expect(events.allSatisfy { $0.target == "mcp:crm/read_ticket" && $0.actor == "identity:\(bot.id)" })

        let sent = upstream.sent.withLock { $0 }
        #expect(sent.count == 3)
        for request in sent {
            let authorization = request.headers.first { $0.name == "authorization" }?.value ?? ""
            #expect(authorization.hasPrefix("Bearer ") && authorization != "Bearer \(token)")
            #expect(request.url == "http://127.0.0.1:9/mcp")
        }
    }
}
