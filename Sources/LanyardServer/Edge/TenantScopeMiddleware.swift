import Hummingbird
import LanyardCore
import LanyardModel
import Tracing

/// Resolves the tenant of every `/t/{tenant}/…` request once, into ``LanyardRequestContext/scope``.
///
/// A tenant that does not exist gets the one "There is no tenant named …" answer (`404`) — at once on the public
/// surfaces (issuer metadata, OAuth, SPIFFE, the published audit checkpoint), and on the admin surfaces
/// (`/t/{tenant}/v1/…`, `/t/{tenant}/access/v1/…`) only after the caller was authorized (`AdminGate`), so a
/// token of another tenant learns nothing about which tenants exist.
struct TenantScopeMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    let dependencies: ServerDependencies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let name = Self.tenantName(in: path) else { return try await next(request, context) }
        var context = context
        if let tenant = try await dependencies.tenants.tenant(named: name) {
            context.scope = TenantScope(name: tenant.name, trustDomain: tenant.trustDomain, urls: dependencies.urls(of: tenant.name))
            dependencies.tracing?.annotate { $0["lanyard.tenant"] = tenant.name }
        } else if !Self.isAdminPath(path, tenant: name) {
            throw TenantScope.notFound(name)
        }
        return try await next(request, context)
    }

    /// The `{tenant}` of `/t/{tenant}/…`, or `nil` for other paths.
    static func tenantName(in path: String) -> String? {
        guard path.hasPrefix("/t/") else { return nil }
        let rest = path.utf8.dropFirst(3)
        let name = rest.prefix { $0 != UInt8(ascii: "/") }
        guard !name.isEmpty, name.count <= 256 else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// Whether the path is on an admin surface, whose routes answer an unknown tenant after authorization.
    static func isAdminPath(_ path: String, tenant: String) -> Bool {
        let rest = path.dropFirst(3 + tenant.utf8.count)
        return rest.hasPrefix("/v1/") || rest.hasPrefix("/access/v1/") || rest.hasPrefix("/scim/v2")
    }
}
