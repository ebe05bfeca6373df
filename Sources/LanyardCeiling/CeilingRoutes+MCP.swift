import Foundation
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardServer

/// The MCP gateway's ceilings (issue 21), for `scripts/bench-mcp-gateway --ceiling`:
/// - **logged** (`/ceiling/t/{tenant}/mcp/{server}`): find the server and authenticate the agent's token for the real
///   gateway resource (``MCPResourceGuard``, the verified-token cache), read and parse the JSON-RPC message as the
///   real route does (``MCPGatewayRoutes/message(_:)``), append an `mcp.call` event (durable, group commit), forward
///   with the upstream's own token through the gateway's transport, read the answer as the response to the call,
///   append an `mcp.result` event (durable), answer with it (``MCPGateway/bareCall(_:logged:)``). No decision, no
///   secret or data-class scans, no annotations, no routing-header checks, no refusal auditing.
/// - **relay** (`/ceiling/t/{tenant}/mcp-relay/{server}`): the same without the two events — what this HTTP server
///   and client cost on their own. Not a ceiling of the real route (the issue requires the log); a floor of the stack.
extension CeilingRoutes {
    static func registerMCP(on router: Router<LanyardRequestContext>, routes: CeilingRoutes) {
        router.post("/ceiling/t/:tenant/mcp/:server") { request, context in try await routes.mcp(request, context: context, logged: true) }
        router.post("/ceiling/t/:tenant/mcp-relay/:server") { request, context in try await routes.mcp(request, context: context, logged: false) }
    }

    func mcp(_ request: Request, context: LanyardRequestContext, logged: Bool) async throws -> Response {
        let (resource, tenant, server) = try await MCPGatewayRoutes.registered(context, dependencies)
        guard let gateway = dependencies.mcpGateway else { throw LanyardError(.notFound, "This server runs no MCP gateway.") }
        let urls = dependencies.urls(of: tenant)
        let agent = try await dependencies.mcpGuard.authenticate(
            AccessTokenHeaders.presented(request), resource: resource, method: "POST",
            url: dependencies.publicURL(ofPath: "/t/\(tenant)/mcp/\(server.name)"), tenant: tenant, urls: urls)
        let message = try await MCPGatewayRoutes.message(request)
        let revision = try MCPRevision.of(message, header: MCPHeaders.values(MCPHeaderNames.protocolVersion, in: request).first)
        let call = MCPGateway.Call(
            message: message, revision: revision, server: server, gateway: resource, agent: agent, tenant: tenant, urls: urls, upstreamSession: nil)
        let answer = try await gateway.bareCall(call, logged: logged)
        return JSONResponse.make(json: answer.body ?? .null)
    }
}
