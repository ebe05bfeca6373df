import Hummingbird
import LanyardCore
import LanyardModel

/// `GET /t/{tenant}/v1/audit?after=N&limit=M`: the audit trail, oldest first.
struct AuditRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        group.get("t/:tenant/v1/audit") { request, context in
            let query = request.uri.queryParameters
            guard let after = Int64(query.get("after") ?? "0") else {
                throw LanyardError.invalid("after", "after must be a whole number.")
            }
            guard let limit = Int(query.get("limit") ?? "100") else {
                throw LanyardError.invalid("limit", "limit must be a whole number between 1 and 1000.")
            }
            let events = try await dependencies.auditTrail.events(tenant: try tenant(context), after: after, limit: limit, by: context.requirePrincipal())
            return JSONResponse.make(AuditEventList(events: events))
        }
    }
}
