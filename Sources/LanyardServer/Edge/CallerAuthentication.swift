import Hummingbird
import LanyardCore
import LanyardModel
import LanyardAPI

/// One kind of credential: returns the caller it proves, `nil` to pass the request on to the next
/// authenticator, or throws when the credential is of its kind but invalid.
protocol CallerAuthenticator: Sendable {
    func authenticate(_ request: Request, header: AuthorizationHeader, context: LanyardRequestContext) async throws -> Caller?
}

/// An administrator token (`Authorization: Bearer lyadm_…`, or a bootstrap token the operator chose), looked up
/// by its SHA-256 hash and compared in constant time (see `Tenancy.authenticate`); unknown, expired and revoked
/// tokens are refused alike. A bearer that is not an administrator token and not `lyadm_…` is passed on.
struct AdminTokenAuthenticator: CallerAuthenticator {
    let tenancy: Tenancy

    func authenticate(_ request: Request, header: AuthorizationHeader, context: LanyardRequestContext) async throws -> Caller? {
        guard header.scheme == .bearer else { return nil }
        do {
            return .administrator(try await tenancy.authenticate(bearer: header.credentials))
        } catch let error as LanyardError where error.code == .unauthenticated && !SecretFormat.isAdministratorBearer(header.credentials) {
            return nil
        }
    }
}

/// A workload's access token of the tenant in the path (Bearer, or DPoP with its proof), checked against
/// revocation. Admin routes refuse such callers, with an audited `forbidden` rather than a bare 401.
struct WorkloadTokenAuthenticator: CallerAuthenticator {
    let dependencies: ServerDependencies

    func authenticate(_ request: Request, header: AuthorizationHeader, context: LanyardRequestContext) async throws -> Caller? {
        guard header.scheme != .other, let tenant = context.parameters.get("tenant"), let presented = AccessTokenHeaders.presented(request)
        else { return nil }
        let introspection = try? await dependencies.credentials.tokens.authenticateAccessToken(
            presented, method: request.method.rawValue, url: dependencies.publicURL(ofPath: request.uri.path), tenant: tenant,
            urls: dependencies.urls(of: tenant))
        guard let introspection, introspection.active, let identity = introspection.sub else { return nil }
        return .workload(identity: identity, tenant: tenant)
    }
}

/// Establishes the ``Caller`` of an admin-API request from its `Authorization` header by asking each
/// authenticator in turn; the first that recognises the credential decides. No header, or a credential no
/// authenticator accepts, is `unauthenticated`.
struct CallerAuthenticationMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    let authenticators: [any CallerAuthenticator]

    init(dependencies: ServerDependencies) {
        self.authenticators = [AdminTokenAuthenticator(tenancy: dependencies.tenancy), WorkloadTokenAuthenticator(dependencies: dependencies)]
    }

    static let unauthenticated = LanyardError(
        .unauthenticated, "A valid administrator bearer token is required (Authorization: Bearer …); it may be unknown, expired or revoked.")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = AuthorizationHeader(request) else { throw Self.unauthenticated }
        for authenticator in authenticators {
            if let caller = try await authenticator.authenticate(request, header: header, context: context) {
                var context = context
                context.caller = caller
                return try await next(request, context)
            }
        }
        throw Self.unauthenticated
    }
}
