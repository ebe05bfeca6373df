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
        group.on(
            .templateList,
            use: gate(.templateList) { _, context in
                JSONResponse.make(TemplateList(templates: try await templates.list(tenant: try tenant(context), by: context.requirePrincipal())))
            })
        group.on(
            .templateRead,
            use: gate(.templateRead) { _, context in
                guard let name = context.parameters.get("name") else { throw LanyardError(.notFound, "No template in the path.") }
                return JSONResponse.make(try await templates.find(name, tenant: try tenant(context), by: context.requirePrincipal()))
            })
        group.on(
            .templateCreate,
            use: gate(.templateCreate) { request, context in
                let body = try await RequestBody.decode(CreateTemplateRequest.self, from: request)
                let template = try await templates.create(body, tenant: try tenant(context), by: context.requirePrincipal())
                return JSONResponse.make(template, status: .created)
            })
    }
}
