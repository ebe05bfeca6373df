import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("The issue step: sign, validate the output against the template, record durably")
struct IssuerTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func template(_ env: TestEnvironment, lifetime: Int64 = 300) async throws -> CredentialTemplate<AccessTokenForm> {
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(name: "issuer-bot", kind: "agent", owner: "alice", purpose: "testing", expiresIn: nil), tenant: "default",
            by: env.platformAdmin)
        let form = AccessTokenForm(issuer: urls.issuer, scopes: ["read"], audience: urls.issuer)
        return CredentialTemplate(tenant: "default", identity: identity, issuedAt: env.clock.now(), lifetime: lifetime, form: form)
    }

    @Test("what the template says is signed, recorded with its audit event, and verifies")
    func issues() async throws {
        let env = try await TestEnvironment.make()
        let template = try await template(env)
        let issued = try await env.credentials.tokenEndpoint.issuer.issue(template)
        #expect(issued.signed.claims.sub == template.identity.id && issued.signed.claims.exp == template.issuedAtSeconds + 300)
        let introspection = await env.credentials.tokens.introspect(issued.signed.token, tenant: "default", urls: urls)
        #expect(introspection.active && introspection.jti == issued.record.jti)
        let event = try #require(try await env.events().last)
        #expect(event.action == "credential.issue" && event.target == "credential:\(issued.record.jti)")
        #expect(event.details["aud"] == urls.issuer && event.details["scope"] == "read" && event.details["identity"] == template.identity.id)
    }

    @Test("a signed token that does not match its template is refused as a defect")
    func mismatchIsRefused() async throws {
        let env = try await TestEnvironment.make()
        let template = try await template(env)
        let signer = env.credentials.tokenEndpoint.issuer.signer
        var issued = try await AccessTokenForm.sign(template, with: signer)
        try AccessTokenForm.validate(issued, against: template)
        issued.signed.claims.aud = "https://elsewhere.example"
        #expect(throws: LanyardError(.internal, "")) { try AccessTokenForm.validate(issued, against: template) }
    }

    @Test("a template without a lifetime is refused before anything is signed or recorded")
    func noLifetime() async throws {
        let env = try await TestEnvironment.make()
        let template = try await template(env, lifetime: 0)
        let before = try await env.events().count
        await #expect(throws: LanyardError(.internal, "")) { try await env.credentials.tokenEndpoint.issuer.issue(template) }
        #expect(try await env.events().count == before)
    }
}
