import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardCore
import LanyardModel
import LanyardServer
import LanyardTesting
import Logging
import Testing

/// The admin API, in process (no sockets): status codes, error bodies, authentication, isolation.
@Suite("Admin API over HTTP")
struct AdminAPITests {
    /// The whole router in process (see ``RouteHarness``).
    typealias Harness = RouteHarness

    static func headers(_ token: String?) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            throw LanyardError(.invalidRequest, "not an object")
        }
        return object.dictionary
    }

    static let register = #"{"name":"support-bot","kind":"agent","owner":"alice","purpose":"triage tickets","environment":"sandbox"}"#

    @Test("registering returns 201 with the identity, and it can be read back by id and name")
    func registerAndRead() async throws {
        let harness = try await Harness.make()
        let token = harness.env.platformToken
        try await harness.app.test(.router) { client in
            let created = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: Self.headers(token), body: ByteBuffer(string: Self.register))
            #expect(created.status == .created)
            let body = try Self.json(created.body)
            #expect(body["spiffeId"] == .string("spiffe://example.test/agent/support-bot"))
            #expect(body["status"] == .string("active"))
            let id = try #require(body["id"]?.stringValue)
            for path in ["/t/default/v1/identities/\(id)", "/t/default/v1/identities/support-bot"] {
                let read = try await client.execute(uri: path, method: .get, headers: Self.headers(token))
                #expect(read.status == .ok)
                #expect(try Self.json(read.body)["id"] == .string(id))
            }
            let list = try await client.execute(uri: "/t/default/v1/identities?owner=alice&expiringWithin=31d", method: .get, headers: Self.headers(token))
            #expect(String(buffer: list.body).contains(id))
            let none = try await client.execute(uri: "/t/default/v1/identities?expiringWithin=1d", method: .get, headers: Self.headers(token))
            #expect(!String(buffer: none.body).contains(id))
        }
    }

    @Test("missing or wrong tokens get 401 with a JSON error and a Bearer challenge")
    func authentication() async throws {
        let harness = try await Harness.make()
        try await harness.app.test(.router) { client in
            for token in [nil, "lyadm_wrong", harness.env.platformToken + "x"] {
                let response = try await client.execute(uri: "/t/default/v1/identities", method: .get, headers: Self.headers(token))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(try Self.json(response.body)["error"] == .string("unauthenticated"))
            }
            var basic = Self.headers(nil)
            basic[.authorization] = "Basic YWRtaW46YWRtaW4="
            let response = try await client.execute(uri: "/v1/tenants", method: .get, headers: basic)
            #expect(response.status == .unauthorized)
        }
    }

    @Test("a tenant's token can neither read nor write another tenant")
    func isolation() async throws {
        let harness = try await Harness.make()
        let platform = harness.env.platformToken
        try await harness.app.test(.router) { client in
            let made = try await client.execute(
                uri: "/v1/tenants", method: .post, headers: Self.headers(platform), body: ByteBuffer(string: #"{"name":"acme"}"#))
            #expect(made.status == .created)
            let created = try Self.json(made.body)
            let acmeToken = try #require(created["adminToken"]?.stringValue)
            #expect(created["tenant"]?["issuer"] == .string("https://lanyard.example/t/acme"))

            let bot = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: Self.headers(platform), body: ByteBuffer(string: Self.register))
            let botID = try #require(try Self.json(bot.body)["id"]?.stringValue)

            let attempts: [(String, HTTPRequest.Method, String?)] = [
                ("/t/default/v1/identities", .get, nil),
                ("/t/default/v1/identities/\(botID)", .get, nil),
                ("/t/default/v1/identities", .post, #"{"name":"evil","kind":"agent","owner":"m","purpose":"p"}"#),
                ("/t/default/v1/identities/\(botID)/suspend", .post, "{}"),
                ("/t/default/v1/identities/\(botID)/offboard", .post, #"{"reason":"x"}"#),
                ("/t/default/v1/templates", .get, nil),
                ("/t/default/v1/audit", .get, nil),
                ("/v1/tenants", .post, #"{"name":"other"}"#),
            ]
            for (path, method, body) in attempts {
                let response = try await client.execute(uri: path, method: method, headers: Self.headers(acmeToken), body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .forbidden, "\(method) \(path)")
                #expect(try Self.json(response.body)["error"] == .string("forbidden"))
            }
            let still = try await client.execute(uri: "/t/default/v1/identities/\(botID)", method: .get, headers: Self.headers(platform))
            #expect(try Self.json(still.body)["status"] == .string("active"))
            let tenants = try await client.execute(uri: "/v1/tenants", method: .get, headers: Self.headers(acmeToken))
            #expect(!String(buffer: tenants.body).contains("\"default\""))
        }
        // Nothing was written for the refused calls.
        let identities = try await harness.env.inventory.list(tenant: "default", filter: IdentityFilter(), by: harness.env.platformAdmin)
        #expect(identities.map(\.name) == ["support-bot"])
    }

    @Test(
        "bad bodies get 4xx with a stable code and a sentence, and change nothing",
        arguments: [
            (#"{"name":"a","kind":"agent","owner":"o","purpose":"p","expires_in":"1d"}"#, 400, "invalid_request"),
            (#"{"name":"a","kind":"agent","owner":"o"}"#, 422, "invalid_field"),
            (#"{"name":"a","kind":7,"owner":"o","purpose":"p"}"#, 400, "invalid_request"),
            (#"[1,2]"#, 400, "invalid_request"),
            (#"{"name":"a","#, 400, "invalid_request"),
            ("", 400, "invalid_request"),
            (#"{"name":"a","kind":"agent","owner":"o","purpose":"p","expiresIn":"1000d"}"#, 422, "invalid_field"),
            (#"{"name":"a","kind":"agent","owner":"o","purpose":"p","publicKeys":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}"#, 400, "invalid_request"),
        ])
    func badBodies(body: String, status: Int, code: String) async throws {
        let harness = try await Harness.make()
        try await harness.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: Self.headers(harness.env.platformToken), body: ByteBuffer(string: body))
            #expect(Int(response.status.code) == status)
            let error = try Self.json(response.body)
            #expect(error["error"] == .string(code))
            #expect((error["message"]?.stringValue?.count ?? 0) > 10)
        }
        #expect(try await harness.env.inventory.list(tenant: "default", filter: IdentityFilter(), by: harness.env.platformAdmin).isEmpty)
    }

    @Test("oversized bodies get 413 and non-JSON bodies 415")
    func limits() async throws {
        let harness = try await Harness.make()
        try await harness.app.test(.router) { client in
            let huge = #"{"name":"a","kind":"agent","owner":"o","purpose":""# + String(repeating: "x", count: 70_000) + "\"}"
            let big = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: Self.headers(harness.env.platformToken), body: ByteBuffer(string: huge))
            #expect(big.status == .contentTooLarge)
            #expect(try Self.json(big.body)["error"] == .string("payload_too_large"))
            var form = Self.headers(harness.env.platformToken)
            form[.contentType] = "application/x-www-form-urlencoded"
            let wrongType = try await client.execute(uri: "/t/default/v1/identities", method: .post, headers: form, body: ByteBuffer(string: "name=a"))
            #expect(wrongType.status == .unsupportedMediaType)
            // A type that only begins like JSON is not JSON; JSON with parameters and in other cases is.
            for (type, status) in [
                ("application/json-patch+json", HTTPResponse.Status.unsupportedMediaType), ("application/jsonx", .unsupportedMediaType),
                ("Application/JSON; charset=utf-8", .created),
            ] {
                var headers = Self.headers(harness.env.platformToken)
                headers[.contentType] = type
                let answer = try await client.execute(uri: "/t/default/v1/identities", method: .post, headers: headers, body: ByteBuffer(string: Self.register))
                #expect(answer.status == status, "\(type)")
            }
        }
    }

    @Test("state changes map to 200, 404 and 409")
    func stateChanges() async throws {
        let harness = try await Harness.make()
        let token = harness.env.platformToken
        try await harness.app.test(.router) { client in
            _ = try await client.execute(uri: "/t/default/v1/identities", method: .post, headers: Self.headers(token), body: ByteBuffer(string: Self.register))
            let base = "/t/default/v1/identities/support-bot"
            #expect(try await client.execute(uri: base + "/suspend", method: .post, headers: Self.headers(token)).status == .ok)
            #expect(try await client.execute(uri: base + "/suspend", method: .post, headers: Self.headers(token)).status == .conflict)
            #expect(
                try await client.execute(uri: base + "/resume", method: .post, headers: Self.headers(token), body: ByteBuffer(string: #"{"reason":"ok"}"#))
                    .status == .ok)
            let extended = try await client.execute(
                uri: base + "/extend", method: .post, headers: Self.headers(token), body: ByteBuffer(string: #"{"by":"7d"}"#))
            #expect(extended.status == .ok)
            let capped = try await client.execute(
                uri: base + "/extend", method: .post, headers: Self.headers(token), body: ByteBuffer(string: #"{"by":"90d"}"#))
            #expect(capped.status == .unprocessableContent)
            #expect(try Self.json(capped.body)["field"] == .string("by"))
            let missing = try await client.execute(uri: "/t/default/v1/identities/nobody", method: .get, headers: Self.headers(token))
            #expect(missing.status == .notFound)
            #expect(try Self.json(missing.body)["error"] == .string("not_found"))
            let noReason = try await client.execute(uri: base + "/offboard", method: .post, headers: Self.headers(token), body: ByteBuffer(string: "{}"))
            #expect(noReason.status == .unprocessableContent)
            let audit = try await client.execute(uri: "/t/default/v1/audit?limit=1000", method: .get, headers: Self.headers(token))
            let actions = try #require(
                try Self.json(audit.body)["events"].flatMap { value -> [String]? in
                    guard case .array(let events) = value else { return nil }
                    return events.compactMap { $0["action"]?.stringValue }
                })
            #expect(actions.filter { $0.hasPrefix("identity.") } == ["identity.register", "identity.suspend", "identity.resume", "identity.extend"])
        }
    }

    @Test("health, readiness and metrics need no token; metrics count requests and identities")
    func operations() async throws {
        let harness = try await Harness.make()
        try await harness.app.test(.router) { client in
            for _ in 0..<3 { #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok) }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            _ = try await client.execute(
                uri: "/t/default/v1/identities", method: .post, headers: Self.headers(harness.env.platformToken), body: ByteBuffer(string: Self.register))
            let unknown = try await client.execute(uri: "/no/such/route", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try Self.json(unknown.body)["error"] == .string("not_found"))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(text.contains(#"lanyard_identities{tenant="default",status="active"} 1"#))
            #expect(text.contains(#"lanyard_identities{tenant="default",status="offboarded"} 0"#))
            #expect(text.contains(#"lanyard_http_requests_total{method="POST",route="/t/{tenant}/v1/identities",status="201"} 1"#))
            // Each series counts its own requests (the middleware keeps the registry's handles per series).
            #expect(text.contains(#"lanyard_http_requests_total{method="GET",route="/healthz",status="200"} 3"#))
            #expect(text.contains(#"lanyard_http_requests_total{method="GET",route="/readyz",status="200"} 1"#))
            #expect(text.contains(#"lanyard_http_request_duration_seconds_count{method="GET",route="/healthz"} 3"#))
            #expect(text.contains("lanyard_http_request_duration_seconds_bucket"))
        }
    }

    @Test("readiness names the node's role and lanyard_leader is 1 only while it leads")
    func leadership() async throws {
        let lock = SimulatedLeaderLock()
        let leadership = Leadership(lock: lock.node(), logger: Logger(label: "test"))
        let harness = try await Harness.make(leadership: leadership)
        try await harness.app.test(.router) { client in
            @Sendable func observe() async throws -> (role: JSONValue?, gauge: Bool) {
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok, "a follower is as ready as the leader")
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                let gauge = metrics.split(separator: "\n").first { $0.hasPrefix("lanyard_leader ") }?.split(separator: " ").last
                return (try Self.json(ready.body)["role"], gauge.flatMap { Double($0) } == 1)
            }
            let before = try await observe()
            #expect(before.role == .string("follower") && !before.gauge)
            await leadership.campaign()
            let leading = try await observe()
            #expect(leading.role == .string("leader") && leading.gauge)
            lock.cutOffHolder()
            let lost = try await observe()
            #expect(lost.role == .string("follower") && !lost.gauge)
        }
    }
}
