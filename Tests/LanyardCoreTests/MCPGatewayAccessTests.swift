import Foundation
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardTesting
import Testing

/// How an agent gets a token for an MCP server behind the gateway, and how the gateway checks it: the token endpoint's
/// rule for `{issuer}/mcp/{server}` audiences and ``MCPResourceGuard``.
@Suite("MCP gateway access: tokens for a server and the resource's checks")
struct MCPGatewayAccessTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")
    var crm: MCPGatewayResource { MCPGatewayResource(issuer: urls.issuer, server: "crm") }

    /// A tenant with the `crm` server registered and a template that allows `mcp` (and `read`).
    func world() async throws -> TestEnvironment {
        let env = try await TestEnvironment.make()
        _ = try await MCPServerRegistry(store: env.store, audit: env.audit, clock: env.clock, state: env.state).add(
            AddMCPServerRequest(name: "crm", url: "http://127.0.0.1:9/mcp"), tenant: "default", by: env.platformAdmin)
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "mcp-agent", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["mcp", "read"]), tenant: "default",
            by: env.platformAdmin)
        return env
    }

    func agent(_ env: TestEnvironment, _ name: String, template: String = "mcp-agent", destinations: [String]? = nil) async throws -> TestWorkload {
        let key = SigningKeyMaterial.generate(.eddsa)
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(
                name: name, kind: "agent", owner: "alice", purpose: "mcp tests", template: template, allowedDestinations: destinations,
                publicKeys: [key.publicJWK]),
            tenant: "default", by: env.platformAdmin)
        return TestWorkload(identity: identity, key: key)
    }

    /// A token request shaped as the MCP Python SDK sends it: assertion `aud` = the issuer, no `client_id` in the form.
    func sdkRequest(_ env: TestEnvironment, _ agent: TestWorkload, resource: String, scope: String? = "mcp") async throws -> TokenRequest {
        var generator = SystemRandomNumberGenerator()
        let id = agent.identity.id
        let now = Int64(env.clock.now().timeIntervalSince1970)
        let assertion = try await agent.key.sign(
            ClientAssertionClaims(iss: id, sub: id, aud: [urls.issuer], exp: now + 300, iat: now, jti: IdentifierFormat.make(prefix: "jti", using: &generator)))
        var form = [
            "grant_type": "client_credentials", "client_assertion_type": TokenRequest.jwtBearer, "client_assertion": assertion, "resource": resource,
        ]
        if let scope { form["scope"] = scope }
        return TokenRequest(form: form)
    }

    func issue(_ env: TestEnvironment, _ request: TokenRequest) async throws -> TokenResponse {
        try await env.credentials.tokenEndpoint.issue(request, tenant: "default", urls: urls)
    }

    @Test("an agent whose template allows mcp gets a token for a registered server: aud is the resource, scope mcp")
    func issued() async throws {
        let env = try await world()
        let bot = try await agent(env, "crm-bot")
        let response = try await issue(env, try await sdkRequest(env, bot, resource: crm.url))
        #expect(response.tokenType == "Bearer" && response.scope == "mcp")
        let introspection = await env.credentials.tokens.introspect(response.accessToken, tenant: "default", urls: urls)
        #expect(introspection.active && introspection.aud == crm.url && introspection.sub == bot.identity.id)
        let issuance = try #require(try await env.events().last { $0.action == "credential.issue" })
        #expect(issuance.details["aud"] == crm.url)
    }

    @Test("an unregistered or malformed server under {issuer}/mcp/ is invalid_target, audited as a refusal, and nothing is issued")
    func unregistered() async throws {
        let env = try await world()
        let bot = try await agent(env, "crm-bot")
        for resource in [urls.issuer + "/mcp/mail", urls.issuer + "/mcp/crm/", urls.issuer + "/mcp/", urls.issuer + "/mcp/CRM", urls.issuer + "/mcp/crm?x=1"] {
            await #expect(throws: OAuthError(.invalidTarget, "")) { _ = try await issue(env, try await sdkRequest(env, bot, resource: resource)) }
        }
        let events = try await env.events()
        #expect(events.filter { $0.action == "credential.refuse" }.count == 5 && !events.contains { $0.action == "credential.issue" })
    }

    @Test("the mcp scope is required for the gateway, and only a template that allows it gets it")
    func scopeRules() async throws {
        let env = try await world()
        let bot = try await agent(env, "crm-bot")
        await #expect(throws: OAuthError(.invalidScope, "")) { _ = try await issue(env, try await sdkRequest(env, bot, resource: crm.url, scope: "read")) }
        await #expect(throws: OAuthError(.invalidScope, "")) { _ = try await issue(env, try await sdkRequest(env, bot, resource: crm.url, scope: nil)) }
        let plain = try await agent(env, "plain-bot", template: "agent")
        let refused = await #expect(throws: OAuthError.self) { _ = try await issue(env, try await sdkRequest(env, plain, resource: crm.url)) }
        #expect(refused?.code == .invalidScope && refused?.description.contains("'mcp'") == true && refused?.description.contains("agent") == true)
        #expect(try await issue(env, try await sdkRequest(env, bot, resource: crm.url, scope: "mcp read")).scope == "mcp read")
    }

    @Test("an identity bounded to destinations reaches the gateway only when the server's resource is one of them")
    func destinations() async throws {
        let env = try await world()
        let bounded = try await agent(env, "bounded", destinations: ["https://warehouse.example"])
        await #expect(throws: OAuthError(.invalidTarget, "")) { _ = try await issue(env, try await sdkRequest(env, bounded, resource: crm.url)) }
        let listed = try await agent(env, "listed", destinations: ["https://warehouse.example", crm.url])
        #expect(try await issue(env, try await sdkRequest(env, listed, resource: crm.url)).scope == "mcp")
    }

    @Test("the guard: no token is a bare challenge; a token for Lanyard or another resource is invalid_token; the server's own passes")
    func guardChecks() async throws {
        let env = try await world()
        let bot = try await agent(env, "crm-bot")
        let guardian = MCPResourceGuard(tokens: env.credentials.tokens)
        func authenticate(_ token: String?) async throws -> IntrospectionResponse {
            try await guardian.authenticate(
                token.map { PresentedAccessToken(token: $0, scheme: .bearer, dpopProofs: []) }, resource: crm, method: "POST", url: crm.url,
                tenant: "default", urls: urls)
        }
        let none = await #expect(throws: ProtectedResourceRefusal.self) { _ = try await authenticate(nil) }
        #expect(none?.challenge.error == nil && !(none?.isForbidden ?? true))
        #expect(none?.challenge.headerValue == "Bearer resource_metadata=\"\(crm.metadataURL)\", scope=\"mcp\"")

        let forLanyard = try await issue(env, try await sdkRequest(env, bot, resource: urls.issuer, scope: "mcp")).accessToken
        let wrongAudience = await #expect(throws: ProtectedResourceRefusal.self) { _ = try await authenticate(forLanyard) }
        #expect(wrongAudience?.challenge.error == "invalid_token" && wrongAudience?.challenge.resourceMetadata == crm.metadataURL)

        let garbage = await #expect(throws: ProtectedResourceRefusal.self) { _ = try await authenticate("not.a.token") }
        #expect(garbage?.challenge.error == "invalid_token" && garbage?.challenge.scope == "mcp")

        let good = try await issue(env, try await sdkRequest(env, bot, resource: crm.url)).accessToken
        #expect(try await authenticate(good).sub == bot.identity.id)

        // Revoked: inactive from then on.
        _ = try await env.credentials.records.revoke(.identity(id: bot.identity.id), tenant: "default", reason: "test", by: env.platformAdmin)
        let revoked = await #expect(throws: ProtectedResourceRefusal.self) { _ = try await authenticate(good) }
        #expect(revoked?.challenge.error == "invalid_token")
    }

    @Test("a token for the server without the mcp scope (narrowed by exchange) is insufficient_scope, 403")
    func insufficientScope() async throws {
        let env = try await world()
        let bot = try await agent(env, "crm-bot")
        let parent = try await issue(env, try await sdkRequest(env, bot, resource: crm.url, scope: "mcp read")).accessToken
        let child = try await issue(
            env,
            TokenRequest(form: [
                "grant_type": TokenRequest.tokenExchange, "subject_token": parent, "subject_token_type": TokenRequest.accessTokenType, "scope": "read",
            ])
        ).accessToken
        let guardian = MCPResourceGuard(tokens: env.credentials.tokens)
        let refusal = await #expect(throws: ProtectedResourceRefusal.self) {
            _ = try await guardian.authenticate(
                PresentedAccessToken(token: child, scheme: .bearer, dpopProofs: []), resource: crm, method: "POST", url: crm.url, tenant: "default",
                urls: urls)
        }
        #expect(refusal?.isForbidden == true && refusal?.challenge.error == "insufficient_scope" && refusal?.challenge.scope == "mcp")
    }
}
