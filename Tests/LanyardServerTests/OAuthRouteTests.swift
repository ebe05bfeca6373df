import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import LanyardAPI
import LanyardCredentials
import LanyardModel
import Testing
import LanyardTesting

/// The OAuth surface in process: token (client credentials, exchange), introspection, revocation and their errors,
/// with golden answers.
@Suite("OAuth routes in process")
struct OAuthRouteTests {
    static let tokenPath = "/t/default/oauth2/token"

    @Test("client_credentials with private_key_jwt: a signed token and answer identical to the golden files, verified by jwt-kit")
    func clientCredentials() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let body = try await harness.clientCredentials(agent, jti: "assertion-1")
        try await harness.test { client in
            let answer = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
            #expect(answer.status == .ok)
            #expect(answer.headers[.cacheControl] == "no-store")
            #expect(answer.headers.contains { $0.name.canonicalName == "pragma" && $0.value == "no-cache" })
            try Golden.check(RouteHarness.text(answer.body), "token-response.json")
            let token = try JSONDecoder().decode(TokenResponse.self, from: Data(answer.body.readableBytesView))
            try Golden.check(token.accessToken, "access-token.jwt")
            // jwt-kit verifies it with the published JWKS.
            let jwks = try await client.execute(uri: "/t/default/.well-known/jwks.json", method: .get)
            let keys = JWTKeyCollection()
            try await keys.add(jwksJSON: RouteHarness.text(jwks.body))
            let claims = try await keys.verify(token.accessToken, as: AccessTokenClaims.self)
            #expect(claims.sub == agent.id && claims.iss == RouteHarness.issuer && claims.scope == "read")
        }
    }

    @Test("a refused client gets the golden invalid_client error, 401, and no token")
    func tokenError() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let other = try await harness.workload("other-agent")
        // Signed with the other identity's key: the assertion does not verify for this client.
        let forged = try await harness.assertion(
            RouteHarness.Workload(id: agent.id, key: other.key), for: RouteHarness.issuer + "/oauth2/token", jti: "forged-1")
        let body = RouteHarness.form([
            ("grant_type", "client_credentials"), ("client_id", agent.id), ("client_assertion_type", TokenRequest.jwtBearer),
            ("client_assertion", forged),
        ])
        try await harness.test { client in
            let answer = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
            #expect(answer.status == .unauthorized)
            try Golden.check(RouteHarness.text(answer.body), "token-error.json")
            let missing = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: "grant_type=password"))
            #expect(missing.status == .badRequest)
            #expect(try RouteHarness.object(missing.body)["error"] == .string("unsupported_grant_type"))
        }
        #expect(try await harness.env.events().filter { $0.action == "credential.issue" }.isEmpty)
    }

    @Test("introspection answers the golden document for an active token, and inactive after revocation")
    func introspectAndRevoke() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let body = try await harness.clientCredentials(agent, jti: "assertion-1")
        let admin = harness.env.platformToken
        try await harness.test { client in
            let issued = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
            let token = try JSONDecoder().decode(TokenResponse.self, from: Data(issued.body.readableBytesView)).accessToken
            let adminForm = RouteHarness.headers(bearer: admin, contentType: "application/x-www-form-urlencoded")
            let active = try await client.execute(
                uri: "/t/default/oauth2/introspect", method: .post, headers: adminForm,
                body: ByteBuffer(string: RouteHarness.form([("token", token)])))
            #expect(active.status == .ok)
            try Golden.check(RouteHarness.text(active.body), "introspection-active.json")
            let revoked = try await client.execute(
                uri: "/t/default/oauth2/revoke", method: .post, headers: adminForm,
                body: ByteBuffer(string: RouteHarness.form([("token", token)])))
            #expect(revoked.status == .ok)
            let inactive = try await client.execute(
                uri: "/t/default/oauth2/introspect", method: .post, headers: adminForm,
                body: ByteBuffer(string: RouteHarness.form([("token", token)])))
            #expect(RouteHarness.text(inactive.body) == #"{"active":false}"#)
            // Without credentials: invalid_client, nothing said about the token.
            let anonymous = try await client.execute(
                uri: "/t/default/oauth2/introspect", method: .post, headers: RouteHarness.formHeaders,
                body: ByteBuffer(string: RouteHarness.form([("token", token)])))
            #expect(anonymous.status == .unauthorized)
            #expect(try RouteHarness.object(anonymous.body)["error"] == .string("invalid_client"))
            // A form's type with parameters is a form; a type that only begins like one is not.
            for (type, status) in [
                ("application/x-www-form-urlencoded; charset=UTF-8", HTTPResponse.Status.ok), ("application/x-www-form-urlencodedx", .badRequest),
            ] {
                let answer = try await client.execute(
                    uri: "/t/default/oauth2/introspect", method: .post, headers: RouteHarness.headers(bearer: admin, contentType: type),
                    body: ByteBuffer(string: RouteHarness.form([("token", token)])))
                #expect(answer.status == status, "\(type)")
            }
        }
    }

    @Test("token exchange: issued_token_type, the holder as actor, and never more scope than the parent")
    func exchange() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let first = try await harness.clientCredentials(agent, jti: "assertion-1")
        let endpoint = RouteHarness.issuer + "/oauth2/token"
        let second = try await harness.assertion(agent, for: endpoint, jti: "assertion-2")
        let third = try await harness.assertion(agent, for: endpoint, jti: "assertion-3")
        let id = agent.id
        try await harness.test { client in
            let issued = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: first))
            #expect(issued.status == .ok)
            let parent = try JSONDecoder().decode(TokenResponse.self, from: Data(issued.body.readableBytesView))
            let body = RouteHarness.form([
                ("grant_type", TokenRequest.tokenExchange), ("client_id", id), ("client_assertion_type", TokenRequest.jwtBearer),
                ("client_assertion", second), ("subject_token", parent.accessToken), ("subject_token_type", TokenRequest.accessTokenType),
                ("scope", "read"),
            ])
            let exchanged = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
            #expect(exchanged.status == .ok)
            let child = try JSONDecoder().decode(TokenResponse.self, from: Data(exchanged.body.readableBytesView))
            #expect(child.issuedTokenType == TokenRequest.accessTokenType && child.scope == "read")
            let childClaims = try JSONDecoder().decode(
                AccessTokenClaims.self, from: Data(Base64URL.decode(String(child.accessToken.split(separator: ".")[1])) ?? []))
            #expect(childClaims.act?.sub == id && childClaims.parentJTI != nil)
            // Asking for more than the parent has is refused.
            let wider = RouteHarness.form([
                ("grant_type", TokenRequest.tokenExchange), ("client_id", id), ("client_assertion_type", TokenRequest.jwtBearer),
                ("client_assertion", third),
                ("subject_token", child.accessToken), ("subject_token_type", TokenRequest.accessTokenType), ("scope", "read write"),
            ])
            let refused = try await client.execute(
                uri: Self.tokenPath, method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: wider))
            #expect(refused.status == .badRequest)
            #expect(try RouteHarness.object(refused.body)["error"] == .string("invalid_scope"))
        }
    }
}
