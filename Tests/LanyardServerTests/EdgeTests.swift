import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardCore
import LanyardAPI
import LanyardModel
import Testing

@testable import LanyardServer
import LanyardTesting

/// The edge, in process: one `Authorization` parser, the tenant resolved once with one "no such tenant" answer,
/// and the admin gate deciding before a handler reads the body.
@Suite("The edge: caller, tenant scope, admin gate")
struct EdgeTests {
    @Test("the tenant of a path is read once; admin surfaces answer an unknown tenant only after authorization")
    func tenantNames() {
        #expect(TenantScopeMiddleware.tenantName(in: "/t/acme/v1/identities") == "acme")
        #expect(TenantScopeMiddleware.tenantName(in: "/t/acme") == "acme")
        #expect(TenantScopeMiddleware.tenantName(in: "/t//v1") == nil)
        #expect(TenantScopeMiddleware.tenantName(in: "/v1/tenants") == nil)
        #expect(TenantScopeMiddleware.isAdminPath("/t/acme/v1/identities", tenant: "acme"))
        #expect(TenantScopeMiddleware.isAdminPath("/t/acme/access/v1/evaluation", tenant: "acme"))
        #expect(!TenantScopeMiddleware.isAdminPath("/t/acme/oauth2/token", tenant: "acme"))
        #expect(!TenantScopeMiddleware.isAdminPath("/t/acme/.well-known/jwks.json", tenant: "acme"))
    }

    @Test("an unknown tenant is one JSON 404 on every public surface")
    func unknownTenantPublic() async throws {
        let harness = try await AdminAPITests.Harness.make()
        try await harness.app.test(.router) { client in
            for path in [
                "/t/nope/.well-known/openid-configuration", "/t/nope/.well-known/authzen-configuration", "/t/nope/spiffe/bundle",
                "/t/nope/audit/log-key",
            ] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                let body = try AdminAPITests.json(response.body)
                #expect(body["error"] == .string("not_found"))
                #expect(body["message"] == .string("There is no tenant named 'nope'."))
            }
        }
    }

    @Test("a token of another tenant gets 403 whether or not the tenant exists; a platform admin gets 404 for an unknown one")
    func noTenantEnumeration() async throws {
        let harness = try await AdminAPITests.Harness.make()
        let env = harness.env
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "acme"), by: env.platformAdmin)
        let made = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor"), tenant: "acme", by: env.platformAdmin)
        try await harness.app.test(.router) { client in
            for tenant in ["default", "nope"] {
                let response = try await client.execute(
                    uri: "/t/\(tenant)/v1/identities", method: .get, headers: AdminAPITests.headers(made.token))
                #expect(response.status == .forbidden, "\(tenant)")
            }
            let platform = try await client.execute(
                uri: "/t/nope/v1/identities", method: .get, headers: AdminAPITests.headers(env.platformToken))
            #expect(platform.status == .notFound)
        }
    }

    @Test("a denied caller gets 403 before its body is read, even when the body is malformed")
    func gateBeforeBody() async throws {
        let harness = try await AdminAPITests.Harness.make()
        let made = try await harness.env.tenancy.createAdminToken(
            CreateAdminTokenRequest(role: "auditor"), tenant: "default", by: harness.env.platformAdmin)
        try await harness.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: AdminAPITests.headers(made.token), body: ByteBuffer(string: "{not json"))
            #expect(response.status == .forbidden)
            let message = try #require(try AdminAPITests.json(response.body)["message"]?.stringValue)
            #expect(message.contains("identity.register") && message.contains("auditor"))
        }
        let denials = try await harness.env.events().filter { $0.action == "admin.deny" }
        #expect(denials.count == 1 && denials.first?.details["operation"] == "identity.register")
    }

    @Test("schemes are case-insensitive and a header without a credential is no credential")
    func authorizationHeader() async throws {
        let harness = try await AdminAPITests.Harness.make()
        try await harness.app.test(.router) { client in
            for value in ["bearer \(harness.env.platformToken)", "BEARER  \(harness.env.platformToken)"] {
                var headers = HTTPFields()
                headers[.authorization] = value
                let response = try await client.execute(uri: "/v1/whoami", method: .get, headers: headers)
                #expect(response.status == .ok, "\(value)")
            }
            for value in ["Bearer", "Bearer ", "Basic \(harness.env.platformToken)", harness.env.platformToken] {
                var headers = HTTPFields()
                headers[.authorization] = value
                let response = try await client.execute(uri: "/v1/whoami", method: .get, headers: headers)
                #expect(response.status == .unauthorized, "\(value)")
            }
        }
    }
}
