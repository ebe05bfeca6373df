import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardServer
import LanyardTesting
import Testing

/// The MCP gateway's control plane over HTTP, in process: the issuer's RFC 8414 metadata and its authorization
/// endpoint, a server's RFC 9728 metadata, the gateway endpoint's challenge, and the registry's admin routes.
@Suite("MCP discovery and registry routes")
struct MCPRouteTests {
    static let crmResource = RouteHarness.issuer + "/mcp/crm"

    /// A harness whose tenant has the `crm` server and a template allowing `mcp`.
    static func harness() async throws -> RouteHarness {
        let harness = try await RouteHarness.make()
        let registry = try #require(harness.dependencies.mcpServers)
        _ = try await registry.add(AddMCPServerRequest(name: "crm", url: "http://127.0.0.1:9/mcp"), tenant: "default", by: harness.env.platformAdmin)
        _ = try await harness.env.templates.create(
            CreateTemplateRequest(name: "mcp-agent", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["mcp", "read"]), tenant: "default",
            by: harness.env.platformAdmin)
        return harness
    }

    /// An agent of the `mcp-agent` template.
    static func agent(_ harness: RouteHarness, _ name: String) async throws -> RouteHarness.Workload {
        let key = SigningKeyMaterial.generate(.eddsa, using: harness.random)
        let identity = try await harness.env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: "alice", purpose: "mcp", template: "mcp-agent", publicKeys: [key.publicJWK]),
            tenant: "default", by: harness.env.platformAdmin)
        return RouteHarness.Workload(id: identity.id, key: key)
    }

    static func token(_ client: some TestClientProtocol, _ harness: RouteHarness, _ agent: RouteHarness.Workload, resource: String, jti: String)
        async throws -> String
    {
        let body = try await harness.clientCredentials(agent, jti: jti, scope: "mcp", extra: [("resource", resource)])
        let answer = try await client.execute(
            uri: "/t/default/oauth2/token", method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
        #expect(answer.status == .ok, "\(RouteHarness.text(answer.body))")
        return try JSONDecoder().decode(TokenResponse.self, from: Data(answer.body.readableBytesView)).accessToken
    }

    @Test("RFC 8414 metadata at the path-inserted URL is the OIDC discovery document, byte for byte, and its golden file")
    func authorizationServerMetadata() async throws {
        let harness = try await RouteHarness.make()
        try await harness.test { client in
            let inserted = try await client.execute(uri: "/.well-known/oauth-authorization-server/t/default", method: .get)
            let discovery = try await client.execute(uri: "/t/default/.well-known/openid-configuration", method: .get)
            #expect(inserted.status == .ok && discovery.status == .ok)
            #expect(Array(inserted.body.readableBytesView) == Array(discovery.body.readableBytesView))
            #expect(inserted.headers[.cacheControl] == "public, max-age=300" && inserted.headers[.contentType] == "application/json")
            try Golden.check(RouteHarness.text(inserted.body), "authorization-server-metadata.json")
            let document = try RouteHarness.object(inserted.body)
            #expect(document["issuer"] == .string(RouteHarness.issuer))
            #expect(document["authorization_endpoint"] == .string(RouteHarness.issuer + "/oauth2/authorize"))
            #expect(document["response_types_supported"] == nil && document["scopes_supported"] == nil)
            for uri in ["/.well-known/oauth-authorization-server/t/nope", "/t/nope/.well-known/openid-configuration"] {
                let missing = try await client.execute(uri: uri, method: .get)
                let error = try RouteHarness.object(missing.body)["error"]
                #expect(missing.status == .notFound && error == .string("not_found"), "\(uri)")
            }
        }
    }

    @Test("the authorization endpoint answers unsupported_response_type and never redirects, whatever redirect_uri says")
    func authorizationEndpoint() async throws {
        let harness = try await RouteHarness.make()
        try await harness.test { client in
            let answer = try await client.execute(
                uri: "/t/default/oauth2/authorize?response_type=code&client_id=idn_x&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=s",
                method: .get)
            #expect(answer.status == .badRequest && answer.headers[.location] == nil)
            let body = try RouteHarness.object(answer.body)
            #expect(body["error"] == .string("unsupported_response_type"))
            #expect(body["error_description"]?.stringValue?.contains("token endpoint") == true)
            #expect(!RouteHarness.text(answer.body).contains("evil.example"))
            #expect(try await client.execute(uri: "/t/nope/oauth2/authorize", method: .get).status == .notFound)
        }
    }

    @Test("a registered server's protected resource metadata (golden); 404 for an unknown server, tenant or malformed name")
    func protectedResourceMetadata() async throws {
        let harness = try await Self.harness()
        try await harness.test { client in
            let answer = try await client.execute(uri: "/.well-known/oauth-protected-resource/t/default/mcp/crm", method: .get)
            #expect(answer.status == .ok && answer.headers[.cacheControl] == "public, max-age=60")
            try Golden.check(RouteHarness.text(answer.body), "protected-resource-metadata.json")
            let document = try RouteHarness.object(answer.body)
            #expect(document["resource"] == .string(Self.crmResource))
            #expect(document["authorization_servers"] == .array([.string(RouteHarness.issuer)]))
            for uri in [
                "/.well-known/oauth-protected-resource/t/default/mcp/mail", "/.well-known/oauth-protected-resource/t/nope/mcp/crm",
                "/.well-known/oauth-protected-resource/t/default/mcp/CRM", "/.well-known/oauth-protected-resource/t/default/mcp/%2E%2E",
            ] {
                #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
            }
        }
    }

    @Test("the gateway endpoint: 401 without a token or with one for another resource; with its own, an unreachable upstream refuses the call")
    func gatewayChallenge() async throws {
        let harness = try await Self.harness()
        let bot = try await Self.agent(harness, "crm-bot")
        let metadata = "https://lanyard.example/.well-known/oauth-protected-resource/t/default/mcp/crm"
        let rpc = ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}}"#)
        try await harness.test { client in
            let bare = try await client.execute(uri: "/t/default/mcp/crm", method: .post, headers: RouteHarness.headers(), body: rpc)
            #expect(bare.status == .unauthorized)
            #expect(bare.headers[.wwwAuthenticate] == "Bearer resource_metadata=\"\(metadata)\", scope=\"mcp\"")
            #expect((try RouteHarness.object(bare.body))["error"] == .string("unauthenticated"))

            for token in [harness.env.platformToken, try await Self.token(client, harness, bot, resource: RouteHarness.issuer, jti: "j-own")] {
                let refused = try await client.execute(uri: "/t/default/mcp/crm", method: .post, headers: RouteHarness.headers(bearer: token), body: rpc)
                #expect(refused.status == .unauthorized)
                let challenge = refused.headers[.wwwAuthenticate] ?? ""
                #expect(challenge.hasPrefix("Bearer error=\"invalid_token\"") && challenge.contains("resource_metadata=\"\(metadata)\""))
                #expect((try RouteHarness.object(refused.body))["error"] == .string("invalid_token"))
            }

            let good = try await Self.token(client, harness, bot, resource: Self.crmResource, jti: "j-crm")
            let unversioned = try await client.execute(uri: "/t/default/mcp/crm", method: .post, headers: RouteHarness.headers(bearer: good), body: rpc)
            #expect(unversioned.status == .badRequest && unversioned.headers[.wwwAuthenticate] == nil)
            let refusal = try RouteHarness.object(unversioned.body)
            #expect(refusal["jsonrpc"] == .string("2.0") && refusal["id"] == .int(1))
            var headers = RouteHarness.headers(bearer: good)
            for (name, value) in [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "server/discover")] {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            let discover = ByteBuffer(
                string: #"{"jsonrpc":"2.0","id":2,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#)
            let failed = try await client.execute(uri: "/t/default/mcp/crm", method: .post, headers: headers, body: discover)
            #expect(failed.status == .ok)
            guard case .object(let error)? = try RouteHarness.object(failed.body)["error"] else { throw LanyardError(.internal, "no error") }
            #expect(error["code"] == .int(Int64(MCPGateway.upstreamFailed)))

            let unknown = try await client.execute(uri: "/t/default/mcp/mail", method: .post, headers: RouteHarness.headers(bearer: good), body: rpc)
            #expect(unknown.status == .notFound && unknown.headers[.wwwAuthenticate] == nil)
            #expect(try await client.execute(uri: "/t/default/mcp/crm", method: .get).status == .methodNotAllowed)
        }
    }

    @Test("the registry over HTTP: 201, list, read, 409 for a taken name, 422 for a bad URL, 400 for an unknown field, 204, 404")
    func registryRoutes() async throws {
        let harness = try await RouteHarness.make()
        let token = harness.env.platformToken
        try await harness.test { client in
            let path = "/t/default/v1/mcp/servers"
            let headers = AdminAPITests.headers(token)
            let added = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"crm","url":"https://crm.example/mcp","toolAnnotationsTrusted":true}"#))
            #expect(added.status == .created)
            let view = try AdminAPITests.json(added.body)
            #expect(view["resource"] == .string(Self.crmResource) && view["toolAnnotationsTrusted"] == .bool(true))
            #expect(view["resourceMetadata"] == .string("https://lanyard.example/.well-known/oauth-protected-resource/t/default/mcp/crm"))
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"name":"crm","url":"https://other.example/mcp"}"#, .conflict, "already_exists"),
                (#"{"name":"mail","url":"https://u:p@mail.example/mcp"}"#, .unprocessableContent, "invalid_field"),
                (#"{"name":"Mail","url":"https://mail.example/mcp"}"#, .unprocessableContent, "invalid_field"),
                (#"{"name":"mail","url":"https://mail.example/mcp","trusted":true}"#, .badRequest, "invalid_request"),
            ]
            for (body, status, code) in cases {
                let answer = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
                let error = try AdminAPITests.json(answer.body)["error"]
                #expect(answer.status == status && error == .string(code), "\(body)")
            }
            let list = try AdminAPITests.json(try await client.execute(uri: path, method: .get, headers: headers).body)
            guard case .array(let servers)? = list["servers"] else { throw LanyardError(.internal, "no servers in \(list)") }
            #expect(servers.count == 1)
            #expect(try await client.execute(uri: path + "/crm", method: .get, headers: headers).status == .ok)
            #expect(try await client.execute(uri: path + "/crm", method: .delete, headers: headers).status == .noContent)
            #expect(try await client.execute(uri: path + "/crm", method: .delete, headers: headers).status == .notFound)
            #expect(try await client.execute(uri: path, method: .get, headers: AdminAPITests.headers(nil)).status == .unauthorized)
        }
        #expect(try await harness.env.events().filter { $0.action.hasPrefix("mcp_server.") }.map(\.action) == ["mcp_server.add", "mcp_server.remove"])
    }
}
