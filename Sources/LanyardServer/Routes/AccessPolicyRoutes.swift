import Foundation
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/access-policy` (read and replace the tenant's access policy) and `/t/{tenant}/v1/access-report`
/// (how requests and grants went): administrators only.
struct AccessPolicyRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let policies = dependencies.decisions.accessPolicies
        group.on(.accessPolicyRead, gatedBy: gate) { _, context in
            JSONResponse.make(Self.view(try await policies.read(tenant: try tenant(context), by: context.requirePrincipal())))
        }
        group.on(.accessPolicySet, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(PutAccessPolicyRequest.self, from: request)
            return JSONResponse.make(Self.view(try await policies.replace(body, tenant: try tenant(context), by: context.requirePrincipal())))
        }
        group.on(.accessReport, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            func instant(_ name: String) throws -> Date? {
                try query.get(name).map { Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse($0, field: name))) }
            }
            let report = try await dependencies.decisions.accessRequests.report(
                tenant: try tenant(context), since: try instant("since"), until: try instant("until"), by: context.requirePrincipal())
            return JSONResponse.make(report)
        }
    }

    static func view(_ policy: AccessPolicy) -> AccessPolicyView {
        func span(_ seconds: Int64) -> String { TimeSpan(seconds: seconds)?.description ?? "\(seconds)s" }
        return AccessPolicyView(
            approvals: policy.approvals, maxDurations: policy.maxDurations.mapValues(span),
            breakGlassMax: span(policy.caps.breakGlassMax), autoApprove: policy.autoApprove, version: policy.version,
            updatedAt: policy.updatedAt, updatedBy: policy.updatedBy, schema: AccessPolicy.autoApproveSchema)
    }
}
