import Foundation
import LanyardAPI
import LanyardModel
import LanyardTesting

@testable import LanyardCore

/// What the access-request suites share: the decision point's answer for a dataset, a person's administrator token,
/// a request for `Lanyard::Dataset::"sales"`.
extension TestEnvironment {
    /// Whether the decision point allows `identity` to do `action` on dataset `resource`.
    func allows(_ identity: String, _ action: String = "read", _ resource: String = "sales") async throws -> Bool {
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"\#(action)"},"resource":{"type":"Lanyard::Dataset","id":"\#(resource)"}}"#
        let answer = try await decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default", urls: IssuerURLs(issuer: "https://lanyard.test/t/default"),
            by: platformAdmin)
        return answer.allowed == 1
    }

    /// An administrator token of the tenant acting for `subject`.
    func person(_ subject: String, role: String = "tenant-admin") async throws -> TaskCaller {
        let created = try await tenancy.createAdminToken(CreateAdminTokenRequest(role: role, subject: subject), tenant: "default", by: platformAdmin)
        return .administrator(try await tenancy.authenticate(bearer: created.token))
    }

    /// A request by `caller` for `tier` on dataset `sales`.
    func askAccess(
        _ caller: TaskCaller, identity: String? = nil, tier: String = "data-read", duration: String = "10m",
        justification: String = "summarise Q3 sales for the board deck"
    ) async throws -> AccessRequest {
        try await decisions.accessRequests.create(
            CreateAccessRequestRequest(
                identity: identity, tier: tier, resource: #"Lanyard::Dataset::"sales""#, duration: duration, justification: justification),
            tenant: "default", caller: caller)
    }
}
