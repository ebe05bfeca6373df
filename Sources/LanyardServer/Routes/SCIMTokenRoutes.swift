import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// The admin API's provisioning tokens: `POST/GET /t/{tenant}/v1/scim/tokens`, `DELETE /t/{tenant}/v1/scim/tokens/{id}`.
/// A server without a directory (`ServerDependencies.directory` nil) answers them with `not_found`.
struct SCIMTokenRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        group.on(.scimTokenCreate, gatedBy: gate) { request, context in
            let body = try await IdentityRoutes.optionalBody(request, as: CreateSCIMTokenRequest.self, empty: CreateSCIMTokenRequest())
            return JSONResponse.make(
                try await dependencies.requireDirectory().createToken(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.scimTokenList, gatedBy: gate) { _, context in
            JSONResponse.make(try await dependencies.requireDirectory().tokens(tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.scimTokenRevoke, gatedBy: gate) { _, context in
            let id = try context.pathParameter("id", missing: "No provisioning token in the path.")
            try await dependencies.requireDirectory().revokeToken(id, tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
    }
}
