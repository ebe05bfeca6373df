import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/reviews…`: recertification campaigns — started, listed and read by administrators, their items
/// decided by their reviewers (administrator tokens only: a workload never reviews access).
struct ReviewRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let reviews = dependencies.decisions.reviews
        group.on(.reviewList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: Reviews.defaultPageSize)
            let found = try await reviews.page(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(ReviewCampaignList(campaigns: found.items, next: found.next))
        }
        group.on(.reviewScheduleList, gatedBy: gate) { _, context in
            JSONResponse.make(ReviewScheduleList(schedules: try await reviews.schedules(tenant: try tenant(context), by: context.requirePrincipal())))
        }
        group.on(.reviewScheduleCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateReviewScheduleRequest.self, from: request)
            return JSONResponse.make(try await reviews.schedule(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.reviewScheduleDelete, gatedBy: gate) { _, context in
            let id = try context.pathParameter("id", missing: "No review schedule in the path.")
            try await reviews.unschedule(id, tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
        group.on(.reviewStart, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(StartReviewRequest.self, from: request)
            let started = try await reviews.start(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(started, status: .created)
        }
        group.on(.reviewRead, gatedBy: gate) { _, context in
            let found = try await reviews.find(try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(found)
        }
        group.on(.reviewItems, gatedBy: gate) { request, context in
            var decided: Bool?
            if let text = request.uri.queryParameters.get("decided") {
                guard let value = Bool(String(text)) else { throw LanyardError.invalid("decided", "decided is 'true' or 'false'.") }
                decided = value
            }
            let page = try PageQuery.read(request, defaultLimit: Reviews.defaultPageSize)
            let found = try await reviews.items(of: try id(context), decided: decided, tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(ReviewItemList(items: found.items, next: found.next))
        }
        group.on(.reviewDecide, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(DecideReviewItemRequest.self, from: request)
            let item = try context.pathParameter("item", missing: "No review item in the path.")
            let decided = try await reviews.decide(
                campaign: try id(context), item: item, body, tenant: try tenant(context), by: .admin(context.requirePrincipal()))
            return JSONResponse.make(decided)
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("id", missing: "No review campaign in the path.")
    }
}
