import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardModel
import Testing
import LanyardTesting

/// The AuthZEN surface in process: metadata, a single evaluation (golden answer), a batch and a search.
@Suite("AuthZEN routes in process")
struct AuthZENRouteTests {
    static let policies = #"""
        @id("agents-read")
        @description("agents may read datasets")
        permit (principal is Lanyard::Identity, action == Action::"read", resource);
        """#

    static func evaluation(_ subject: String, _ action: String) -> String {
        #"{"subject":{"type":"Lanyard::Identity","id":"\#(subject)"},"action":{"name":"\#(action)"},"resource":{"type":"dataset","id":"crm"}}"#
    }

    @Test("an evaluation answers the golden document; batches and searches agree with it")
    func evaluate() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let admin = RouteHarness.headers(bearer: harness.env.platformToken)
        let push = try JSONEncoder().encode(PushPoliciesRequest(policies: Self.policies, message: "agents may read"))
        try await harness.test { client in
            let pushed = try await client.execute(uri: "/t/default/v1/policies", method: .put, headers: admin, body: ByteBuffer(bytes: push))
            #expect(pushed.status == .created)

            let metadata = try await client.execute(uri: "/t/default/.well-known/authzen-configuration", method: .get)
            #expect(metadata.status == .ok)
            #expect(try RouteHarness.object(metadata.body)["policy_decision_point"] == .string(RouteHarness.issuer))

            let allowed = try await client.execute(
                uri: "/t/default/access/v1/evaluation", method: .post, headers: admin,
                body: ByteBuffer(string: Self.evaluation(agent.id, "read")))
            #expect(allowed.status == .ok)
            try Golden.check(RouteHarness.text(allowed.body), "authzen-evaluation.json")

            let batch =
                #"{"subject":{"type":"Lanyard::Identity","id":"\#(agent.id)"},"resource":{"type":"dataset","id":"crm"},"evaluations":[{"action":{"name":"read"}},{"action":{"name":"delete"}}]}"#
            let answers = try await client.execute(
                uri: "/t/default/access/v1/evaluations", method: .post, headers: admin, body: ByteBuffer(string: batch))
            #expect(answers.status == .ok)
            guard case .array(let decisions)? = try RouteHarness.object(answers.body)["evaluations"] else {
                Issue.record("no evaluations")
                return
            }
            #expect(decisions.map { $0.objectValue?["decision"] } == [.bool(true), .bool(false)])

            let search = #"{"subject":{"type":"Lanyard::Identity","id":"\#(agent.id)"},"action":{"name":"read"},"resource":{"type":"dataset"}}"#
            let found = try await client.execute(
                uri: "/t/default/access/v1/search/resource", method: .post, headers: admin, body: ByteBuffer(string: search))
            #expect(found.status == .ok)
            #expect(try RouteHarness.object(found.body)["results"] != nil)

            let malformed = try await client.execute(
                uri: "/t/default/access/v1/evaluation", method: .post, headers: admin, body: ByteBuffer(string: #"{"subject":{}}"#))
            #expect(malformed.status == .badRequest)
            let anonymous = try await client.execute(
                uri: "/t/default/access/v1/evaluation", method: .post, headers: RouteHarness.headers(),
                body: ByteBuffer(string: Self.evaluation(agent.id, "read")))
            #expect(anonymous.status == .unauthorized)
        }
    }
}
