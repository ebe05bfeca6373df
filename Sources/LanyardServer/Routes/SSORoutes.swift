import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/sso`: how the tenant's administrators sign in to the console (their OpenID Provider, the client,
/// the groups that give roles). The client secret goes in and never comes out.
struct SSORoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let console = dependencies.console
        let dependencies = self.dependencies
        @Sendable func wired() throws -> ConsoleSignIn {
            guard let console else { throw LanyardError(.notFound, "This server serves no console.") }
            return console
        }
        @Sendable func view(_ configuration: SSOConfiguration) -> SSOConfigurationView {
            SSOConfigurationView(
                configuration, redirectURI: dependencies.consoleURL(of: configuration.tenant) + "/sso/callback",
                jwksURI: dependencies.urls(of: configuration.tenant).jwksURI)
        }
        group.on(.ssoRead, gatedBy: gate) { _, context in
            let tenant = try tenant(context)
            guard let configuration = try await wired().configuration(tenant: tenant) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no SSO configuration.")
            }
            return JSONResponse.make(view(configuration))
        }
        group.on(.ssoSet, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(SetSSORequest.self, from: request)
            return JSONResponse.make(view(try await wired().configure(body, tenant: try tenant(context), by: context.requirePrincipal())))
        }
        group.on(.ssoRemove, gatedBy: gate) { _, context in
            try await wired().removeConfiguration(tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
    }
}
