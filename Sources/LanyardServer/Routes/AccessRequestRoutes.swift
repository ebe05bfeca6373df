import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/access-requests…`: a person (administrator token) or a workload (its own access token) asks for
/// access, reads and cancels its requests; people approve and deny them. These routes authenticate for themselves,
/// like the task routes: a workload may ask for its own elevation and poll for the answer; a workload's approval or
/// denial is refused by the rules and audited.
struct AccessRequestRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let requests = dependencies.decisions.accessRequests
        router.on(.accessRequestList) { request, context in
            let tenant = try tenant(context)
            let caller = try await dependencies.workloadOrAdministrator(request, tenant: tenant, route: .accessRequestList)
            let query = request.uri.queryParameters
            var filter = AccessRequestFilter()
            if let status = query.get("status") {
                guard let parsed = AccessRequestStatus(rawValue: status) else {
                    let known = AccessRequestStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    throw LanyardError.invalid("status", "Unknown status '\(status.prefix(32))'; use one of \(known).")
                }
                filter.status = parsed
            }
            if let identity = query.get("identity") {
                guard !identity.isEmpty, identity.utf8.count <= 128 else { throw LanyardError.invalid("identity", "identity must be 1–128 bytes.") }
                filter.identity = identity
            }
            let page = try PageQuery.read(request, defaultLimit: AccessRequests.defaultPageSize)
            let found = try await requests.page(tenant: tenant, filter: filter, page: page, caller: caller)
            return JSONResponse.make(AccessRequestList(requests: found.items, next: found.next))
        }
        router.on(.accessRequestCreate) { request, context in
            let tenant = try tenant(context)
            let caller = try await dependencies.workloadOrAdministrator(request, tenant: tenant, route: .accessRequestCreate)
            let body = try await RequestBody.decode(CreateAccessRequestRequest.self, from: request)
            return JSONResponse.make(try await requests.create(body, tenant: tenant, caller: caller), status: .created)
        }
        router.on(.accessRequestRead) { request, context in
            let tenant = try tenant(context)
            let caller = try await dependencies.workloadOrAdministrator(request, tenant: tenant, route: .accessRequestRead)
            return JSONResponse.make(try await requests.find(try id(context), tenant: tenant, caller: caller))
        }
        for (route, decide) in [
            (APIRoute.accessRequestApprove, requests.approve), (.accessRequestDeny, requests.deny), (.accessRequestCancel, requests.cancel),
        ] as [(APIRoute, @Sendable (String, String, String, TaskCaller) async throws -> AccessRequest)] {
            router.on(route) { request, context in
                let tenant = try tenant(context)
                let caller = try await dependencies.workloadOrAdministrator(request, tenant: tenant, route: route)
                let body = try await RequestBody.decode(AccessRequestDecisionRequest.self, from: request)
                return JSONResponse.make(try await decide(try id(context), body.reason, tenant, caller))
            }
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("id", missing: "No access request in the path.")
    }
}
