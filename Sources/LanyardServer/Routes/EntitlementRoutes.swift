import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/entitlements…`: access granted beyond the policies — granted, listed, read and revoked by
/// administrators.
struct EntitlementRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let entitlements = dependencies.decisions.entitlements
        group.on(.entitlementList, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            var filter = EntitlementFilter()
            if let status = query.get("status") {
                guard let parsed = EntitlementStatus(rawValue: status) else {
                    let known = EntitlementStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    throw LanyardError.invalid("status", "Unknown status '\(status.prefix(32))'; use one of \(known).")
                }
                filter.status = parsed
            }
            for (name, apply) in [("principal", \EntitlementFilter.principal), ("task", \.task), ("request", \.request)]
                as [(String, WritableKeyPath<EntitlementFilter, String?>)]
            {
                guard let value = query.get(name) else { continue }
                guard !value.isEmpty, value.utf8.count <= EntityReference.maxLength else {
                    throw LanyardError.invalid(name, "\(name) must be 1–\(EntityReference.maxLength) bytes.")
                }
                filter[keyPath: apply] = value
            }
            let page = try PageQuery.read(request, defaultLimit: Entitlements.defaultPageSize)
            let found = try await entitlements.page(tenant: try tenant(context), filter: filter, page: page, by: context.requirePrincipal())
            return JSONResponse.make(EntitlementList(entitlements: found.items, next: found.next))
        }
        group.on(.entitlementGrant, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(GrantEntitlementRequest.self, from: request)
            let granted = try await entitlements.grant(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(granted, status: .created)
        }
        group.on(.entitlementRead, gatedBy: gate) { _, context in
            let found = try await entitlements.find(try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(found)
        }
        group.on(.entitlementRevoke, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RevokeEntitlementRequest.self, from: request)
            let ended = try await entitlements.revoke(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(ended)
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("id", missing: "No entitlement in the path.")
    }
}
