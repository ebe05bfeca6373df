import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardCredentials
import LanyardModel
import Testing
import LanyardTesting

/// DPoP-bound tokens and tasks in process: a proof binds the token at the token endpoint; the bound token opens,
/// reads and ends a task only with a fresh proof; ending the task kills the token bound to it.
@Suite("DPoP and task routes in process")
struct DPoPTaskRouteTests {
    @Test("a DPoP-bound token opens a task with a proof, is refused as Bearer, and a task-bound token dies with its task")
    func boundTokenAndTask() async throws {
        let dpop = try #require(HTTPField.Name("DPoP"))
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let proofKey = SigningKeyMaterial.generate(.es256, using: harness.random)
        let tokenURL = RouteHarness.issuer + "/oauth2/token"
        let tasksURL = RouteHarness.issuer + "/v1/tasks"
        let body = try await harness.clientCredentials(agent, jti: "assertion-1")
        let tokenProof = try await proofKey.dpopProof(method: "POST", url: tokenURL, now: harness.now)
        let now = harness.now
        let platformToken = harness.env.platformToken
        try await harness.test { client in
            let issued = try await client.execute(
                uri: "/t/default/oauth2/token", method: .post,
                headers: RouteHarness.headers(contentType: "application/x-www-form-urlencoded", extra: [(dpop, tokenProof)]),
                body: ByteBuffer(string: body))
            #expect(issued.status == .ok)
            let token = try JSONDecoder().decode(TokenResponse.self, from: Data(issued.body.readableBytesView))
            #expect(token.tokenType == "DPoP")

            // As a Bearer token it is refused, with a DPoP challenge.
            let asBearer = try await client.execute(
                uri: "/t/default/v1/tasks", method: .post, headers: RouteHarness.headers(bearer: token.accessToken),
                body: ByteBuffer(string: #"{"intent":"nightly load"}"#))
            #expect(asBearer.status == .unauthorized)

            // With a proof for this request (and the token's hash), the task opens.
            let proof = try await proofKey.dpopProof(method: "POST", url: tasksURL, accessToken: token.accessToken, now: now)
            var headers = RouteHarness.headers(extra: [(dpop, proof)])
            headers[.authorization] = "DPoP \(token.accessToken)"
            let opened = try await client.execute(
                uri: "/t/default/v1/tasks", method: .post, headers: headers, body: ByteBuffer(string: #"{"intent":"nightly load"}"#))
            #expect(opened.status == .created)
            let task = try RouteHarness.object(opened.body)
            let taskID = try #require(task["id"]?.stringValue)
            #expect(task["status"] == .string("open") && task["identity"] == .string(agent.id))
            // The same proof again is a replay.
            let replayed = try await client.execute(
                uri: "/t/default/v1/tasks", method: .post, headers: headers, body: ByteBuffer(string: #"{"intent":"again"}"#))
            #expect(replayed.status == .unauthorized)

            // A token bound to the task is active until the task ends.
            let bound = try await client.execute(
                uri: "/t/default/oauth2/token", method: .post, headers: RouteHarness.formHeaders,
                body: ByteBuffer(string: try await RouteHarness.clientCredentials(agent, jti: "assertion-2", now: now, extra: [("task", taskID)])))
            #expect(bound.status == .ok)
            let boundToken = try JSONDecoder().decode(TokenResponse.self, from: Data(bound.body.readableBytesView)).accessToken
            let admin = RouteHarness.headers(bearer: platformToken)
            let read = try await client.execute(uri: "/t/default/v1/tasks/\(taskID)", method: .get, headers: admin)
            #expect(read.status == .ok)
            #expect(try RouteHarness.object(read.body)["status"] == .string("open"))
            let ended = try await client.execute(
                uri: "/t/default/v1/tasks/\(taskID)/end", method: .post, headers: admin, body: ByteBuffer(string: "{}"))
            #expect(ended.status == .ok)
            #expect(try RouteHarness.object(ended.body)["status"] == .string("ended"))
            let introspected = try await client.execute(
                uri: "/t/default/oauth2/introspect", method: .post,
                headers: RouteHarness.headers(bearer: platformToken, contentType: "application/x-www-form-urlencoded"),
                body: ByteBuffer(string: RouteHarness.form([("token", boundToken)])))
            #expect(RouteHarness.text(introspected.body) == #"{"active":false}"#)
        }
    }
}
