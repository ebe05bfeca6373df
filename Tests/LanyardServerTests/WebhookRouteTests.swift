import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardModel
import LanyardTesting
import Testing

/// The webhook admin routes in process: the secret only in the answer to `add`, clear errors for bad input, and the
/// delivery log and redelivery through HTTP.
@Suite("Webhook routes")
struct WebhookRouteTests {
    @Test("add answers 201 with a whsec_ secret once; list never shows it; test queues a delivery the log shows")
    func addListTest() async throws {
        let harness = try await RouteHarness.make()
        let token = harness.env.platformToken
        try await harness.test { client in
            let added = try await client.execute(
                uri: "/t/default/v1/webhooks", method: .post, headers: AdminAPITests.headers(token),
                body: ByteBuffer(string: #"{"url":"https://hooks.example/a","eventTypes":["identity.suspended"],"description":"ops"}"#))
            #expect(added.status == .created)
            let body = try AdminAPITests.json(added.body)
            let secret = try #require(body["secret"]?.stringValue)
            #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
            guard case .object(let endpoint)? = body["endpoint"], let id = endpoint["id"]?.stringValue else {
                Issue.record("no endpoint in \(body)")
                return
            }
            let list = try await client.execute(uri: "/t/default/v1/webhooks", method: .get, headers: AdminAPITests.headers(token))
            #expect(list.status == .ok)
            let listed = String(buffer: list.body)
            #expect(listed.contains(id) && !listed.contains(secret) && !listed.contains("sealed"))

            let test = try await client.execute(uri: "/t/default/v1/webhooks/\(id)/test", method: .post, headers: AdminAPITests.headers(token))
            #expect(test.status == .accepted)
            let delivery = try #require(try AdminAPITests.json(test.body)["id"]?.stringValue)
            let log = try await client.execute(
                uri: "/t/default/v1/webhook-deliveries?status=pending&endpoint=\(id)", method: .get, headers: AdminAPITests.headers(token))
            #expect(log.status == .ok && String(buffer: log.body).contains(delivery))
            let pending = try await client.execute(
                uri: "/t/default/v1/webhook-deliveries/\(delivery)/redeliver", method: .post, headers: AdminAPITests.headers(token))
            #expect(pending.status == .conflict, "a pending delivery is not redelivered")
            let deleted = try await client.execute(uri: "/t/default/v1/webhooks/\(id)", method: .delete, headers: AdminAPITests.headers(token))
            #expect(deleted.status == .noContent)
            let again = try await client.execute(uri: "/t/default/v1/webhooks/\(id)", method: .delete, headers: AdminAPITests.headers(token))
            #expect(again.status == .notFound)
        }
    }

    @Test("bad input gets 422 with the field at fault, or 400 for unknown fields, and adds nothing")
    func badInput() async throws {
        let harness = try await RouteHarness.make()
        let token = harness.env.platformToken
        try await harness.test { client in
            let cases: [(String, HTTPResponse.Status, String?)] = [
                (#"{"url":"http://example.com/hook"}"#, .unprocessableContent, "url"),
                (#"{"url":"https://hooks.example/a","eventTypes":["identity.exploded"]}"#, .unprocessableContent, "eventTypes"),
                (#"{"url":"https://hooks.example/a","secret":"mine"}"#, .badRequest, nil),
            ]
            for (body, status, field) in cases {
                let response = try await client.execute(
                    uri: "/t/default/v1/webhooks", method: .post, headers: AdminAPITests.headers(token), body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
                let error = try AdminAPITests.json(response.body)
                #expect(error["error"]?.stringValue?.isEmpty == false)
                if let field { #expect(error["field"] == .string(field)) }
            }
            let status = try await client.execute(uri: "/t/default/v1/webhook-deliveries?status=lost", method: .get, headers: AdminAPITests.headers(token))
            #expect(status.status == .unprocessableContent)
            let list = try await client.execute(uri: "/t/default/v1/webhooks", method: .get, headers: AdminAPITests.headers(token))
            #expect(String(buffer: list.body) == #"{"webhooks":[]}"#)
        }
    }
}
