import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

extension ServerDependencies {
    /// The caller: an administrator of the tenant (`Authorization: Bearer lyadm_…`), or the workload an active
    /// access token names (`Bearer`, or `DPoP` with a proof for a DPoP-bound token).
    /// An administrator is allowed the route's action by the admin policies first.
    func workloadOrAdministrator(_ request: Request, tenant: String, route: APIRoute) async throws -> TaskCaller {
        let unauthenticated = LanyardError(
            .unauthenticated, "Send the workload's access token or an administrator token (Authorization: Bearer …, or DPoP … for a DPoP-bound token).")
        guard let presented = AccessTokenHeaders.presented(request) else { throw unauthenticated }
        if presented.scheme == .bearer, SecretFormat.isAdministratorBearer(presented.token) {
            let principal = try await tenancy.authenticate(bearer: presented.token)
            try await authorizer.authorize(try route.requireAction(), caller: principal, target: .tenant(tenant))
            return .administrator(principal)
        }
        let introspection = try await credentials.tokens.authenticateAccessToken(
            presented, method: request.method.rawValue, url: publicURL(ofPath: request.uri.path), tenant: tenant,
            urls: urls(of: tenant))
        guard let introspection, introspection.active, let identity = introspection.sub else { throw unauthenticated }
        return .workload(identity: identity)
    }
}
