import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// `/t/{tenant}/v1/templates`: defaults and caps for registration.
struct TemplateRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let templates = dependencies.templates
        group.on(.templateList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: Templates.defaultPageSize)
            let found = try await templates.page(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(TemplateList(templates: found.items, next: found.next))
        }
        group.on(.templateRead, gatedBy: gate) { _, context in
            let name = try context.pathParameter("name", missing: "No template in the path.")
            return JSONResponse.make(try await templates.find(name, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.templateCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateTemplateRequest.self, from: request)
            let template = try await templates.create(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(template, status: .created)
        }
    }
}
