import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/breakglass…`: emergency access — opened (by an administrator, or an owner for an identity they
/// own), listed, read, closed early and reviewed by someone other than its opener.
struct BreakGlassRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let breakGlass = dependencies.decisions.breakGlass
        group.on(.breakGlassList, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            var filter = BreakGlassFilter()
            if let status = query.get("status") {
                guard let parsed = BreakGlass.Status(rawValue: status) else {
                    throw LanyardError.invalid("status", "Unknown status '\(status.prefix(32))'; use one of open, closed, expired.")
                }
                filter.status = parsed
            }
            if let review = query.get("review") {
                guard let parsed = BreakGlassReview(rawValue: review) else {
                    let known = BreakGlassReview.allCases.map(\.rawValue).joined(separator: ", ")
                    throw LanyardError.invalid("review", "Unknown review state '\(review.prefix(32))'; use one of \(known).")
                }
                filter.review = parsed
            }
            if let identity = query.get("identity") {
                guard !identity.isEmpty, identity.utf8.count <= 128 else { throw LanyardError.invalid("identity", "identity must be 1–128 bytes.") }
                filter.identity = identity
            }
            let page = try PageQuery.read(request, defaultLimit: BreakGlassAccess.defaultPageSize)
            let found = try await breakGlass.page(tenant: try tenant(context), filter: filter, page: page, by: context.requirePrincipal())
            return JSONResponse.make(BreakGlassList(breakGlass: found.items, next: found.next))
        }
        group.on(.breakGlassOpen, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(OpenBreakGlassRequest.self, from: request)
            let opened = try await breakGlass.open(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(opened, status: .created)
        }
        group.on(.breakGlassRead, gatedBy: gate) { _, context in
            let found = try await breakGlass.find(try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(found)
        }
        group.on(.breakGlassClose, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CloseBreakGlassRequest.self, from: request)
            let closed = try await breakGlass.close(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(closed)
        }
        group.on(.breakGlassReview, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(ReviewBreakGlassRequest.self, from: request)
            let reviewed = try await breakGlass.review(try id(context), note: body.note, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(reviewed)
        }
    }

    private func id(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("id", missing: "No break-glass in the path.")
    }
}
