public import Hummingbird

/// Builds the router of `lanyard serve`: one file per surface under `Routes/`, errors mapped in one place.
///
/// Middleware order (outermost first): tracing (only when configured, ``RequestTracing``), metrics, error mapping, tenant scope, then — on the admin surfaces — the caller's
/// authentication (`CallerAuthenticationMiddleware`), and per route the admin gate (`AdminGate`), which decides
/// the route's operation with the admin policies before its handler runs. A request no route answers goes through
/// `MethodNotAllowedMiddleware`, added after every route, which turns a known path with an undeclared method into
/// `405` with an `Allow` header.
public func buildLanyardRouter(_ dependencies: ServerDependencies) -> Router<LanyardRequestContext> {
    let router = Router(context: LanyardRequestContext.self)
    if let tracing = dependencies.tracing { router.add(middleware: tracing.middleware()) }
    router.add(middleware: HTTPMetricsMiddleware(registry: dependencies.registry))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: TenantScopeMiddleware(dependencies: dependencies))
    HealthRoutes(dependencies: dependencies).register(on: router)
    OAuthRoutes(dependencies: dependencies).register(on: router)
    SPIFFERoutes(dependencies: dependencies).register(on: router)
    TaskRoutes(dependencies: dependencies).register(on: router)
    AccessRequestRoutes(dependencies: dependencies).register(on: router)
    AuthZENRoutes(dependencies: dependencies).registerMetadata(on: router)
    AuditRoutes(dependencies: dependencies).registerPublic(on: router)
    LeakRoutes(dependencies: dependencies).registerPublic(on: router)
    MCPGatewayRoutes(dependencies: dependencies).register(on: router)
    ConsoleRoutes(dependencies: dependencies).register(on: router)
    if let directory = dependencies.directory { SCIMRoutes(dependencies: dependencies, directory: directory).register(on: router) }
    let authenticated = router.group().add(middleware: CallerAuthenticationMiddleware(dependencies: dependencies))
    AdminRoutes(dependencies: dependencies).register(on: authenticated)
    TenantRoutes(dependencies: dependencies).register(on: authenticated)
    IdentityRoutes(dependencies: dependencies).register(on: authenticated)
    TemplateRoutes(dependencies: dependencies).register(on: authenticated)
    AuditRoutes(dependencies: dependencies).register(on: authenticated)
    CredentialRoutes(dependencies: dependencies).register(on: authenticated)
    PolicyRoutes(dependencies: dependencies).register(on: authenticated)
    SCIMTokenRoutes(dependencies: dependencies).register(on: authenticated)
    DirectoryRoutes(dependencies: dependencies).register(on: authenticated)
    AuthZENRoutes(dependencies: dependencies).register(on: authenticated)
    WebhookRoutes(dependencies: dependencies).register(on: authenticated)
    FindingRoutes(dependencies: dependencies).register(on: authenticated)
    PostureRoutes(dependencies: dependencies).register(on: authenticated)
    EntitlementRoutes(dependencies: dependencies).register(on: authenticated)
    AccessPolicyRoutes(dependencies: dependencies).register(on: authenticated)
    BreakGlassRoutes(dependencies: dependencies).register(on: authenticated)
    ReviewRoutes(dependencies: dependencies).register(on: authenticated)
    LeakRoutes(dependencies: dependencies).register(on: authenticated)
    SSORoutes(dependencies: dependencies).register(on: authenticated)
    MCPServerRoutes(dependencies: dependencies).register(on: authenticated)
    // Last, so it wraps only the "no such route" answer: a known path with another method is a 405.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
