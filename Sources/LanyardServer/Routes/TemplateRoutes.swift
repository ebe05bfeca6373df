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
        let routes = group.group("t/:tenant/v1/templates")
        routes.get(
            use: gate(.templateList) { _, context in
                JSONResponse.make(TemplateList(templates: try await templates.list(tenant: try tenant(context), by: context.requirePrincipal())))
            })
        routes.get(
            ":name",
            use: gate(.templateRead) { _, context in
                guard let name = context.parameters.get("name") else { throw LanyardError(.notFound, "No template in the path.") }
                return JSONResponse.make(try await templates.find(name, tenant: try tenant(context), by: context.requirePrincipal()))
            })
        routes.post(
            use: gate(.templateCreate) { request, context in
                let body = try await RequestBody.decode(CreateTemplateRequest.self, from: request)
                let template = try await templates.create(body, tenant: try tenant(context), by: context.requirePrincipal())
                return JSONResponse.make(template, status: .created)
            })
    }
}
