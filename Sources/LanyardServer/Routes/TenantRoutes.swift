import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// `/v1/tenants`: tenant administration (platform administrators); `/t/{tenant}/v1/settings`: a tenant's settings.
struct TenantRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        group.on(.tenantCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateTenantRequest.self, from: request)
            let (tenant, token) = try await dependencies.tenancy.createTenant(body, by: context.requirePrincipal())
            return JSONResponse.make(CreatedTenant(tenant: view(tenant), adminToken: token), status: .created)
        }
        group.on(.tenantList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: Tenancy.defaultPageSize)
            let found = try await dependencies.tenancy.page(page, by: context.requirePrincipal())
            return JSONResponse.make(TenantList(tenants: found.items.map(view), next: found.next))
        }
        group.on(.tenantSettings, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(TenantSettingsRequest.self, from: request)
            return JSONResponse.make(view(try await dependencies.tenancy.updateSettings(body, tenant: try tenant(context), by: context.requirePrincipal())))
        }
    }

    private func view(_ tenant: Tenant) -> TenantView {
        TenantView(
            name: tenant.name, trustDomain: tenant.trustDomain, issuer: dependencies.issuer(of: tenant.name), createdAt: tenant.createdAt,
            ownerDirectory: tenant.ownerDirectory.rawValue)
    }
}
