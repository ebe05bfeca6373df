import Foundation
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing

@Suite("DPoP binding: issuance, exchange, templates that require it, and Lanyard's own endpoints")
struct DPoPBindingTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func client(_ env: TestEnvironment, _ name: String, template: String? = nil) async throws -> TestWorkload {
        try await TestWorkload.register(env, name, template: template)
    }

    func now(_ env: TestEnvironment) -> Int64 { Int64(env.clock.now().timeIntervalSince1970) }

    func tokenRequest(_ env: TestEnvironment, _ client: TestWorkload, proofs: [String]) async throws -> TokenRequest {
        try await client.tokenRequest(env, urls: urls, proofs: proofs)
    }

    @Test("a proof binds the token to its key; the bound token is refused as Bearer and accepted once per proof as DPoP")
    func bindAndPresent() async throws {
        let env = try await TestEnvironment.make()
        let client = try await client(env, "dpop-bot")
        let dpopKey = SigningKeyMaterial.generate(.es256)
        let proof = try await dpopKey.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        let response = try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: [proof]), tenant: "default", urls: urls)
        #expect(response.tokenType == "DPoP")
        let introspection = await env.credentials.tokens.introspect(response.accessToken, tenant: "default", urls: urls)
        #expect(introspection.cnf == ConfirmationClaim(jkt: dpopKey.thumbprint) && introspection.tokenType == "DPoP")

        let endpoint = urls.issuer + "/v1/tasks"
        let token = response.accessToken
        await #expect(throws: OAuthError(.invalidToken, "")) {
            try await env.credentials.tokens.authenticateAccessToken(
                PresentedAccessToken(token: token, scheme: .bearer, dpopProofs: []), method: "POST", url: endpoint, tenant: "default", urls: urls)
        }
        let resourceProof = try await dpopKey.dpopProof(method: "POST", url: endpoint, accessToken: token, now: now(env))
        let presented = PresentedAccessToken(token: token, scheme: .dpop, dpopProofs: [resourceProof])
        let accepted = try await env.credentials.tokens.authenticateAccessToken(presented, method: "POST", url: endpoint, tenant: "default", urls: urls)
        #expect(accepted?.sub == client.identity.id)
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokens.authenticateAccessToken(presented, method: "POST", url: endpoint, tenant: "default", urls: urls)
        }
        // A proof made with another key, and a token endpoint proof used again.
        let stranger = try await SigningKeyMaterial.generate(.es256).dpopProof(method: "POST", url: endpoint, accessToken: token, now: now(env))
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokens.authenticateAccessToken(
                PresentedAccessToken(token: token, scheme: .dpop, dpopProofs: [stranger]), method: "POST", url: endpoint, tenant: "default", urls: urls)
        }
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: [proof]), tenant: "default", urls: urls)
        }
    }

    @Test("two DPoP headers are refused")
    func twoHeaders() async throws {
        let env = try await TestEnvironment.make()
        let client = try await client(env, "two-headers")
        let key = SigningKeyMaterial.generate(.eddsa)
        let first = try await key.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        let second = try await key.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: [first, second]), tenant: "default", urls: urls)
        }
    }

    @Test("a template that requires DPoP refuses issuance without a proof, and keeps the flag when stored")
    func templateRequires() async throws {
        let env = try await TestEnvironment.make()
        let template = try await env.templates.create(
            CreateTemplateRequest(name: "bound-only", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["read"], requireDPoP: true), tenant: "default",
            by: env.platformAdmin)
        #expect(template.requireDPoP)
        #expect(try await env.templates.find("bound-only", tenant: "default", by: env.platformAdmin).requireDPoP)
        let client = try await client(env, "bound-bot", template: "bound-only")
        let error = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: []), tenant: "default", urls: urls)
        }
        #expect(error?.code == .invalidRequest && error?.description.contains("template requires DPoP") == true)
        let proof = try await client.key.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        let bound = try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: [proof]), tenant: "default", urls: urls)
        #expect(bound.tokenType == "DPoP")
    }

    @Test("a bound subject token is exchanged only with a proof of its key, and the child stays bound")
    func exchange() async throws {
        let env = try await TestEnvironment.make()
        let client = try await client(env, "exchange-bot")
        let key = SigningKeyMaterial.generate(.es256)
        let proof = try await key.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        let parent = try await env.credentials.tokenEndpoint.issue(try await tokenRequest(env, client, proofs: [proof]), tenant: "default", urls: urls)
        let form = ["grant_type": TokenRequest.tokenExchange, "subject_token": parent.accessToken, "subject_token_type": TokenRequest.accessTokenType]
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokenEndpoint.issue(TokenRequest(form: form), tenant: "default", urls: urls)
        }
        let other = try await SigningKeyMaterial.generate(.es256).dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) {
            try await env.credentials.tokenEndpoint.issue(TokenRequest(form: form, dpopProofs: [other]), tenant: "default", urls: urls)
        }
        let own = try await key.dpopProof(method: "POST", url: urls.tokenEndpoint, now: now(env))
        let child = try await env.credentials.tokenEndpoint.issue(TokenRequest(form: form, dpopProofs: [own]), tenant: "default", urls: urls)
        #expect(child.tokenType == "DPoP")
        #expect(await env.credentials.tokens.introspect(child.accessToken, tenant: "default", urls: urls).cnf?.jkt == key.thumbprint)
    }

    @Test("a stored template without the flag reads as not requiring DPoP")
    func legacyTemplateJSON() throws {
        let json =
            #"{"name":"old","description":"","defaultTTL":"7d","maxTTL":"30d","environments":["sandbox"],"maxDataClass":"internal","#
            + #""stage":"prototype","allowedScopes":[],"approvalScopes":[],"builtin":false}"#
        let template = try JSONDecoder().decode(IdentityTemplate.self, from: Data(json.utf8))
        #expect(!template.requireDPoP)
    }
}
