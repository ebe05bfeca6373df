import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// `/t/{tenant}/v1/tasks…`: a workload (its access token as bearer) or an administrator opens, reads and ends tasks.
///
/// These routes authenticate for themselves: the bearer is either an administrator token (`lyadm_…`) or an
/// active access token of the tenant, whose `sub` is the workload's identity (a DPoP-bound one as `DPoP` with a proof).
struct TaskRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let tasks = dependencies.credentials.tasks
        router.on(.taskOpen) { request, context in
            let tenant = try tenant(context)
            let caller = try await caller(request, tenant: tenant, route: .taskOpen)
            let body = try await RequestBody.decode(OpenTaskRequest.self, from: request)
            let task = try await tasks.openTask(body, tenant: tenant, caller: caller)
            return JSONResponse.make(tasks.view(task), status: .created)
        }
        router.on(.taskRead) { request, context in
            let tenant = try tenant(context)
            let caller = try await caller(request, tenant: tenant, route: .taskRead)
            let task = try await tasks.task(try id(context), tenant: tenant, caller: caller)
            return JSONResponse.make(tasks.view(task))
        }
        router.on(.taskEnd) { request, context in
            let tenant = try tenant(context)
            let caller = try await caller(request, tenant: tenant, route: .taskEnd)
            let task = try await tasks.endTask(try id(context), tenant: tenant, caller: caller)
            return JSONResponse.make(tasks.view(task))
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("id", missing: "No task in the path.")
    }

    private func caller(_ request: Request, tenant: String, route: APIRoute) async throws -> TaskCaller {
        try await dependencies.workloadOrAdministrator(request, tenant: tenant, route: route)
    }
}
