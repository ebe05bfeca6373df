import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardServer
import LanyardTesting
import Testing

/// The SCIM surface through the whole router: application/scim+json everywhere, SCIM error bodies for every failure
/// (401, 403, 404, 405, 413), provisioning tokens made through the admin API and useless in another tenant.
@Suite("SCIM routes")
struct SCIMRouteTests {
    static let scimJSON = "application/scim+json"
    static let base = "/t/default/scim/v2"

    struct Fixture {
        let app: Application<RouterResponder<LanyardRequestContext>>
        let platformToken: String
    }

    static func make() async throws -> Fixture {
        let harness = try await RouteHarness.make()
        var dependencies = harness.dependencies
        dependencies.directory = Directory(store: harness.env.store, audit: harness.env.audit, clock: harness.env.clock, random: harness.random)
        return Fixture(app: Application(router: buildLanyardRouter(dependencies)), platformToken: harness.env.platformToken)
    }

    static func scimError(_ response: TestResponse, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status.code == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == scimJSON, sourceLocation: sourceLocation)
        let body = try RouteHarness.object(response.body)
        #expect(body["status"] == .string(String(status)), "status is a string", sourceLocation: sourceLocation)
        #expect(body["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]), sourceLocation: sourceLocation)
    }

    @Test("a provisioning token made through the admin API opens /scim/v2 of its tenant only")
    func tokensAndIsolation() async throws {
        let fixture = try await Self.make()
        try await fixture.app.test(.router) { client in
            let made = try await client.execute(
                uri: "/t/default/v1/scim/tokens", method: .post, headers: RouteHarness.headers(bearer: fixture.platformToken),
                body: ByteBuffer(string: #"{"description":"okta"}"#))
            #expect(made.status == .created)
            let created = try LanyardJSON.decoder().decode(CreatedSCIMToken.self, from: Data(made.body.readableBytesView))
            #expect(created.token.hasPrefix("lsc_"))
            let token = created.token

            let users = try await client.execute(
                uri: Self.base + "/Users?aadOptscim062020", method: .get, headers: RouteHarness.headers(bearer: token, contentType: nil))
            #expect(users.status == .ok)
            #expect(users.headers[.contentType] == Self.scimJSON)
            #expect(try RouteHarness.object(users.body)["totalResults"] == .int(0))

            let made2 = try await client.execute(
                uri: "/v1/tenants", method: .post, headers: RouteHarness.headers(bearer: fixture.platformToken),
                body: ByteBuffer(string: #"{"name":"acme"}"#))
            #expect(made2.status == .created)
            try Self.scimError(
                try await client.execute(uri: "/t/acme/scim/v2/Users", method: .get, headers: RouteHarness.headers(bearer: token, contentType: nil)),
                403)
            try Self.scimError(
                try await client.execute(uri: "/t/nosuch/scim/v2/Users", method: .get, headers: RouteHarness.headers(bearer: token, contentType: nil)),
                403)
            let admin = try await client.execute(
                uri: "/t/default/v1/identities", method: .get, headers: RouteHarness.headers(bearer: token, contentType: nil))
            #expect(admin.status == .unauthorized, "the admin API does not take provisioning tokens")
            try Self.scimError(
                try await client.execute(uri: Self.base + "/Users", method: .get, headers: RouteHarness.headers(bearer: "lsc_nope", contentType: nil)),
                401)
            try Self.scimError(try await client.execute(uri: Self.base + "/Users", method: .get, headers: [:]), 401)
        }
    }

    @Test("create answers 201 with Location; discovery writes are 405; unknown paths 404; bodies over 1 MiB 413")
    func surface() async throws {
        let fixture = try await Self.make()
        try await fixture.app.test(.router) { client in
            let made = try await client.execute(
                uri: "/t/default/v1/scim/tokens", method: .post, headers: RouteHarness.headers(bearer: fixture.platformToken),
                body: ByteBuffer(string: "{}"))
            let token = try LanyardJSON.decoder().decode(CreatedSCIMToken.self, from: Data(made.body.readableBytesView)).token
            let headers = RouteHarness.headers(bearer: token, contentType: Self.scimJSON)
            let created = try await client.execute(
                uri: Self.base + "/Users", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice"}"#))
            #expect(created.status == .created)
            let id = try RouteHarness.object(created.body)["id"]?.stringValue ?? ""
            #expect(created.headers[.location] == "https://lanyard.example/t/default/scim/v2/Users/\(id)")
            let projected = try await client.execute(
                uri: Self.base + "/Users/\(id)?attributes=userName", method: .get, headers: headers)
            #expect(try RouteHarness.object(projected.body).keys.sorted() == ["id", "schemas", "userName"])
            try Self.scimError(
                try await client.execute(uri: Self.base + "/ServiceProviderConfig", method: .post, headers: headers, body: ByteBuffer(string: "{}")), 405)
            try Self.scimError(try await client.execute(uri: Self.base + "/Schemas", method: .delete, headers: headers), 405)
            try Self.scimError(try await client.execute(uri: Self.base + "/Nope/x", method: .get, headers: headers), 404)
            try Self.scimError(
                try await client.execute(uri: Self.base + "/Users", method: .post, headers: headers, body: ByteBuffer(repeating: 0x20, count: 1_100_000)),
                413)
            try Self.scimError(
                try await client.execute(uri: Self.base + "/Users", method: .post, headers: headers, body: ByteBuffer(bytes: [0x7B, 0xFF, 0x7D])), 400)
            let schema = try await client.execute(
                uri: Self.base + "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", method: .get, headers: headers)
            #expect(schema.status == .ok)
        }
    }
}
