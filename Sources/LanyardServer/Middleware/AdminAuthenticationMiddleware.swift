import Hummingbird
import LanyardCore
import LanyardModel

/// Requires an administrator bearer token and puts its principal in the context.
///
/// Tokens are looked up by their SHA-256 hash and compared in constant time (see `Tenancy.authenticate`).
struct AdminAuthenticationMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    let tenancy: Tenancy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw LanyardError(.unauthenticated, "A valid administrator bearer token is required (Authorization: Bearer …).")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw LanyardError(.unauthenticated, "Use the Bearer scheme: Authorization: Bearer <token>.")
        }
        var context = context
        context.principal = try await tenancy.authenticate(bearer: String(parts[1]))
        return try await next(request, context)
    }
}
