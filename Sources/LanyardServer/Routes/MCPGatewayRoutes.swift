import Foundation
import HTTPTypes
package import Hummingbird
package import LanyardAPI
package import LanyardCore
import LanyardCredentials
package import LanyardModel

/// The MCP gateway's public face, per registered server: its RFC 9728 protected resource metadata and its endpoint
/// `{issuer}/mcp/{server}`. A POST there is authenticated (the MCP authorization challenge: `401` with
/// `resource_metadata` and `scope`, `403` for a token without the `mcp` scope), read as one JSON-RPC message of a
/// revision the gateway speaks (its routing headers checked against the body under 2026-07-28), and handed to
/// ``MCPGateway``. Every refusal on the way is audited (`mcp.refuse`). An unknown tenant or server is `404`.
package struct MCPGatewayRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let dependencies = self.dependencies
        let dpopAlgorithms = Array(DPoPPublicKey.acceptedAlgorithms)
        router.on(.protectedResourceMetadata) { _, context in
            let (resource, _, _) = try await Self.registered(context, dependencies)
            // Short-lived in caches: a removed server stops being discoverable within a minute.
            var response = JSONResponse.make(resource.metadata(dpopAlgorithms: dpopAlgorithms))
            response.headers[.cacheControl] = "public, max-age=60"
            return response
        }
        router.on(.mcpGateway) { request, context in
            let (resource, tenant, server) = try await Self.registered(context, dependencies)
            guard let gateway = dependencies.mcpGateway else { throw LanyardError(.notFound, "This server runs no MCP gateway.") }
            let sessions = MCPSessionWrapping(key: gateway.sessionKey)
            let agent: IntrospectionResponse
            do {
                agent = try await dependencies.mcpGuard.authenticate(
                    AccessTokenHeaders.presented(request), resource: resource, method: "POST", url: dependencies.publicURL(ofPath: request.uri.path),
                    tenant: tenant, urls: dependencies.urls(of: tenant))
            } catch let refusal as ProtectedResourceRefusal {
                try? await gateway.refuse(
                    tenant: tenant, server: server.name, actor: nil, reason: refusal.challenge.error ?? "no token", detail: ["message": refusal.message])
                throw refusal
            }
            var message: JSONRPCMessage?
            do {
                let read = try await Self.message(request)
                message = read
                let versions = MCPHeaders.values(MCPHeaderNames.protocolVersion, in: request)
                guard versions.count <= 1 else {
                    throw MCPProtocolError.headerMismatch("Send one MCP-Protocol-Version header.", id: read.id)
                }
                let revision = try MCPRevision.of(read, header: versions.first)
                if revision.checksRoutingHeaders {
                    try MCPRoutingHeaders.check(
                        read, version: revision, methods: MCPHeaders.values(MCPHeaderNames.method, in: request),
                        names: MCPHeaders.values(MCPHeaderNames.name, in: request))
                }
                var upstreamSession: String?
                if revision == .handshake, let presented = MCPHeaders.value(MCPHeaderNames.session, in: request) {
                    guard let unwrapped = sessions.unwrap(presented, tenant: tenant, server: server.name, identity: agent.sub ?? "") else {
                        throw MCPProtocolError(
                            code: MCPProtocolError.Code.invalidRequest, status: 404, message: "This session is not known; initialize again.", id: read.id)
                    }
                    upstreamSession = unwrapped
                }
                let call = MCPGateway.Call(
                    message: read, revision: revision, server: server, gateway: resource, agent: agent, tenant: tenant,
                    urls: dependencies.urls(of: tenant), upstreamSession: upstreamSession)
                let answer = try await gateway.handle(call)
                var headers = HTTPFields()
                if revision == .handshake, let session = answer.upstreamSession, let name = HTTPField.Name(MCPHeaderNames.session) {
                    headers[name] = sessions.wrap(session, tenant: tenant, server: server.name, identity: agent.sub ?? "")
                }
                guard let body = answer.body else { return Response(status: .accepted, headers: headers) }
                var response = JSONResponse.make(json: body, status: HTTPResponse.Status(code: answer.status))
                for field in headers { response.headers.append(field) }
                return response
            } catch let error as MCPProtocolError {
                var refused = error
                if refused.id == nil { refused.id = message?.id }
                if refused.code != MCPGateway.refusedByPolicy && refused.code != MCPGateway.upstreamFailed {
                    try? await gateway.refuse(
                        tenant: tenant, server: server.name, actor: agent.sub, reason: "JSON-RPC \(refused.code)", detail: ["message": refused.message])
                }
                return JSONResponse.make(json: refused.body, status: HTTPResponse.Status(code: refused.status))
            } catch let error as LanyardError {
                // The decision point or the log failed: nothing was forwarded unlogged; the agent is told to retry.
                let failed = MCPProtocolError(
                    code: MCPProtocolError.Code.internalError, status: 503,
                    message: "Lanyard could not decide or log this call (\(error.code.rawValue)); it was not forwarded. Retry later.", id: message?.id)
                return JSONResponse.make(json: failed.body, status: .serviceUnavailable)
            }
        }
    }

    /// The request's body as one JSON-RPC message.
    package static func message(_ request: Request) async throws -> JSONRPCMessage {
        guard RequestBody.isJSON(request) else {
            throw MCPProtocolError(code: MCPProtocolError.Code.invalidRequest, status: 415, message: "Send the message as application/json.")
        }
        let accept = (request.headers[.accept] ?? "*/*").lowercased()
        guard accept.contains("application/json") || accept.contains("*/*") || accept.contains("application/*") else {
            throw MCPProtocolError(code: MCPProtocolError.Code.invalidRequest, status: 406, message: "Accept application/json: the gateway answers with JSON.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: JSONRPCMessage.maxBytes)
        } catch {
            throw MCPProtocolError(
                code: MCPProtocolError.Code.invalidRequest, status: 413, message: "The message is larger than \(JSONRPCMessage.maxBytes / 1024) KiB.")
        }
        return try JSONRPCMessage.parse(Array(buffer.readableBytesView))
    }

    /// The registered server the path names, as a resource of its tenant's issuer.
    /// - Throws: `not_found` for an unknown tenant or server, or a server that serves no gateway.
    package static func registered(_ context: LanyardRequestContext, _ dependencies: ServerDependencies) async throws -> (
        MCPGatewayResource, tenant: String, server: MCPServer
    ) {
        let tenant = try tenant(context)
        let name = try context.pathParameter("server", missing: "No MCP server in the path.")
        guard try await dependencies.tenants.tenant(named: tenant) != nil else { throw TenantScope.notFound(tenant) }
        guard let server = try await dependencies.requireMCPServers().server(named: name, tenant: tenant) else {
            throw MCPServerRegistry.notFound(name, tenant: tenant)
        }
        return (MCPGatewayResource(issuer: dependencies.issuer(of: tenant), server: name), tenant, server)
    }
}

/// The MCP headers of a request, read by their case-insensitive names (``MCPHeaderNames``).
package enum MCPHeaders {
    /// Every value of header `name` (lower-case), in order.
    package static func values(_ name: String, in request: Request) -> [String] {
        request.headers.filter { $0.name.canonicalName == name }.map(\.value)
    }

    /// The one value of header `name`, or nil when it is absent or repeated.
    static func value(_ name: String, in request: Request) -> String? {
        let all = values(name, in: request)
        return all.count == 1 ? all[0] : nil
    }
}
