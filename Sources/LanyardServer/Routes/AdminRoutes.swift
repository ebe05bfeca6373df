import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// Lanyard's own administration: `GET /v1/whoami`, administrator tokens (`/v1/admin/tokens` for platform
/// administrators, `/t/{tenant}/v1/admin/tokens` in a tenant) and the admin policies (`/v1/admin/policies`, the
/// built-in roles; `/t/{tenant}/v1/admin/policies`, with the tenant's own).
struct AdminRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let tenancy = dependencies.tenancy
        let authorizer = dependencies.authorizer
        group.on(.whoami, gatedBy: gate) { _, context in
            let principal = try context.requirePrincipal()
            return JSONResponse.make(
                WhoAmI(
                    kind: "administrator", tokenId: principal.tokenId, role: principal.role.rawValue, tenant: principal.tenant,
                    subject: principal.subject, expiresAt: principal.expiresAt))
        }
        group.on(.adminPoliciesShow, gatedBy: gate) { _, _ in JSONResponse.make(try await authorizer.policies(tenant: nil)) }

        // Platform administrator tokens.
        group.on(.platformTokenCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateAdminTokenRequest.self, from: request)
            return JSONResponse.make(try await tenancy.createAdminToken(body, tenant: nil, by: context.requirePrincipal()), status: .created)
        }
        group.on(.platformTokenList, gatedBy: gate) { request, context in
            try await Self.tokenList(request, tenant: nil, tenancy: tenancy, context: context)
        }
        group.on(.platformTokenRevoke, gatedBy: gate) { _, context in
            try await tenancy.revokeAdminToken(try Self.token(context), tenant: nil, by: context.requirePrincipal())
            return Response(status: .noContent)
        }

        // A tenant's tokens and admin policies.
        group.on(.adminTokenCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateAdminTokenRequest.self, from: request)
            return JSONResponse.make(
                try await tenancy.createAdminToken(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.adminTokenList, gatedBy: gate) { request, context in
            try await Self.tokenList(request, tenant: try tenant(context), tenancy: tenancy, context: context)
        }
        group.on(.adminTokenRevoke, gatedBy: gate) { _, context in
            try await tenancy.revokeAdminToken(try Self.token(context), tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
        group.on(.adminPolicyRead, gatedBy: gate) { _, context in JSONResponse.make(try await authorizer.policies(tenant: try tenant(context))) }
        group.on(.adminPolicyPush, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(PushAdminPoliciesRequest.self, from: request, maxBytes: AdminAuthorizer.maxTenantPolicyBytes + 4096)
            return JSONResponse.make(try await authorizer.push(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
    }

    /// One page of the administrator tokens of `tenant` (`nil`: the platform tokens).
    private static func tokenList(_ request: Request, tenant: String?, tenancy: Tenancy, context: LanyardRequestContext) async throws -> Response {
        let page = try PageQuery.read(request, defaultLimit: Tenancy.defaultTokenPageSize)
        let found = try await tenancy.adminTokens(tenant: tenant, page: page, by: context.requirePrincipal())
        return JSONResponse.make(AdminTokenList(tokens: found.items, next: found.next))
    }

    private static func token(_ context: LanyardRequestContext) throws -> String {
        try context.pathParameter("token", missing: "No token id in the path.")
    }
}
