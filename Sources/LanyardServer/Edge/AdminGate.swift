import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// Wraps an admin-API handler so that nothing in it runs before Lanyard's admin policies allow its operation.
///
/// For each request: the caller (set by ``CallerAuthenticationMiddleware``) must be an administrator token — a
/// workload's access token is refused and audited; the target is built from the path (the tenant, the identity
/// with its owner, or the platform); ``AdminAuthorizer`` decides, auditing any refusal; only then is the tenant
/// checked to exist and the handler run. The action decided is the route's own (``APIRoute/action``, which a test
/// checks against `x-lanyard-action` in `openapi.yaml`), so a route is registered once, through
/// ``RouterMethods/on(_:gatedBy:use:)``, and cannot be gated under another action than it is documented with.
struct AdminGate: Sendable {
    let dependencies: ServerDependencies

    /// The handler, run only when the admin policies allow `route`'s action. An action on a tenant whose route has no
    /// `{tenant}` (`/v1/admin/tokens`) acts on the platform. A route without an action is refused (a 500, logged):
    /// the gate fails closed.
    func callAsFunction<Output: ResponseGenerator>(
        _ route: APIRoute, _ handler: @escaping @Sendable (Request, LanyardRequestContext) async throws -> Output
    ) -> @Sendable (Request, LanyardRequestContext) async throws -> Output {
        let dependencies = self.dependencies
        // Per route, not per request: the action and what kind of target it acts on. A route without an action still
        // fails closed, at each request.
        let gated = Result { try route.requireAction() }.map { action in
            (action, action.target == .tenant && !route.parameters.contains("tenant") ? AdminAction.TargetKind.platform : action.target)
        }
        return { request, context in
            let (action, kind) = try gated.get()
            let principal: Principal
            switch context.caller {
            case .administrator(let found): principal = found
            case .workload(let identity, let tenant): try await dependencies.authorizer.refuseWorkload(action, identity: identity, tenant: tenant)
            case nil: throw CallerAuthenticationMiddleware.unauthenticated
            }
            let resolved = try await Self.target(of: action, kind: kind, principal: principal, context: context, dependencies)
            try await dependencies.authorizer.authorize(action, caller: principal, target: resolved)
            if kind == .tenant || kind == .identity, context.scope?.name != resolved.tenant {
                throw TenantScope.notFound(resolved.tenant)
            }
            // Refusals decided deeper (invariants on the body, an identity's owner) are audited like the gate's own.
            return try await dependencies.authorizer.auditingRefusals(action, caller: principal, target: resolved) {
                try await handler(request, context)
            }
        }
    }

    /// The Cedar resource of the request. An identity's owner is read only for a caller of that tenant (others
    /// are refused by tenant isolation before any lookup).
    static func target(
        of action: AdminAction, kind: AdminAction.TargetKind, principal: Principal, context: LanyardRequestContext, _ dependencies: ServerDependencies
    ) async throws -> AdminTarget {
        switch kind {
        case .platform: return .platform
        case .caller: return .tenant(principal.tenant ?? "")
        case .tenant: return .tenant(try tenant(context))
        case .identity:
            let tenant = try tenant(context)
            let id = try id(context)
            guard principal.actsIn(tenant: tenant) else { return .identity(id, owner: "", tenant: tenant) }
            let owner = try await dependencies.inventory.owner(of: id, tenant: tenant) ?? ""
            return .identity(id, owner: owner, tenant: tenant)
        }
    }
}
