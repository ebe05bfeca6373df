import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/findings`: what Lanyard noticed is wrong, newest first.
struct FindingRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let findings = dependencies.findings
        group.on(.findingList, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            var filter = FindingFilter()
            if let status = query.get("status") { filter.status = try FindingStatus.parse(status, field: "status") }
            if let kind = query.get("kind") { filter.kind = try FindingKind.parse(kind, field: "kind") }
            if let subject = query.get("subject") {
                guard subject.utf8.count <= 256 else { throw LanyardError.invalid("subject", "subject must be at most 256 bytes.") }
                filter.subject = subject
            }
            let page = try PageQuery.read(request, defaultLimit: Findings.defaultPageSize)
            let found = try await findings.page(tenant: try tenant(context), filter: filter, page: page, by: context.requirePrincipal())
            return JSONResponse.make(FindingList(findings: found.items, next: found.next))
        }
    }
}
