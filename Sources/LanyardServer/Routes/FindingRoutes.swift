import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/findings…`: what Lanyard noticed is wrong, newest first; the workflow of each finding
/// (acknowledge, suppress, resolve), its remediation, and a detection pass on demand.
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
            if let severity = query.get("severity") { filter.minimumSeverity = try FindingSeverity.parse(severity, field: "severity") }
            for (name, path) in [("subject", \FindingFilter.subject), ("owner", \.owner)] as [(String, WritableKeyPath<FindingFilter, String?>)] {
                guard let value = query.get(name) else { continue }
                guard !value.isEmpty, value.utf8.count <= 256 else { throw LanyardError.invalid(name, "\(name) must be 1–256 bytes.") }
                filter[keyPath: path] = value
            }
            let page = try PageQuery.read(request, defaultLimit: Findings.defaultPageSize)
            let found = try await findings.page(tenant: try tenant(context), filter: filter, page: page, by: context.requirePrincipal())
            return JSONResponse.make(FindingList(findings: found.items, next: found.next))
        }
        group.on(.findingEvaluate, gatedBy: gate) { _, context in
            let tenant = try tenant(context)
            let principal = try context.requirePrincipal()
            try AdminRoles.require(.findingEvaluate, principal, tenant: tenant)
            guard let detector = dependencies.findingDetector else { throw LanyardError(.notFound, "This server runs no finding detection.") }
            guard try await dependencies.store.read({ try await $0.tenant(named: tenant) }) != nil else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            return JSONResponse.make(try await detector.evaluate(tenant: tenant))
        }
        group.on(.findingRead, gatedBy: gate) { _, context in
            JSONResponse.make(try await findings.finding(try id(context), tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.findingAcknowledge, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AcknowledgeFindingRequest.self, from: request)
            return JSONResponse.make(
                try await findings.acknowledge(try id(context), note: body.note, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.findingSuppress, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(SuppressFindingRequest.self, from: request)
            return JSONResponse.make(
                try await findings.suppress(
                    try id(context), reason: body.reason, duration: body.duration, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.findingResolve, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(ResolveFindingRequest.self, from: request)
            return JSONResponse.make(
                try await findings.resolve(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.findingRemediate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RemediateFindingRequest.self, from: request)
            guard let remedies = dependencies.findingRemedies else { throw LanyardError(.notFound, "This server applies no remediations.") }
            return JSONResponse.make(try await remedies.remediate(try id(context), body, tenant: try tenant(context), by: context.requirePrincipal()))
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        let id = try context.pathParameter("id", missing: "No finding in the path.")
        guard id.utf8.count <= 64 else { throw LanyardError(.notFound, "There is no finding '\(id.prefix(64))' in this tenant.") }
        return id
    }
}
