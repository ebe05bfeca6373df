import HTTPTypes
import Hummingbird

/// Answers a request whose path is a route but whose method is not one of that route's methods with
/// `405 Method Not Allowed` and an `Allow` header listing the route's methods (RFC 9110 §15.5.6).
///
/// Add it to the router *after* every route: Hummingbird applies a router middleware only to the routes added after
/// it, and to the "no such route" responder, so this middleware sees exactly the requests no route answered. It
/// matches the path against every route pattern the way the router does (a literal segment is preferred to a
/// capture) and throws an `HTTPError` carrying the `Allow` header, which ``ErrorMapping`` turns into the usual JSON
/// error body (`method_not_allowed`). A path that matches no route stays a `404`.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext

    /// The route patterns and the methods each accepts, most specific first for equal lengths.
    let routes: [(path: RouterPath, methods: [HTTPRequest.Method])]

    /// Collects the routes registered on `router` so far.
    init(routes: [Router<Context>.RouteDescription]) {
        var methods: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            methods[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        self.routes = methods.values.map { ($0.path, $0.methods.sorted { $0.rawValue < $1.rawValue }) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowedMethods(forPath: request.uri.path), !allowed.contains(request.method) else { throw error }
            var headers = HTTPFields()
            headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, headers: headers)
        }
    }

    /// The methods of the route `path` resolves to, or `nil` when no route pattern matches it.
    func allowedMethods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (literals: [Bool], methods: [HTTPRequest.Method])?
        for route in routes where route.path.components.count == segments.count {
            guard zip(route.path.components, segments).allSatisfy({ $0.0 ~= $0.1 }) else { continue }
            let literals = zip(route.path.components, segments).map { $0.0 == $0.1 }
            // The router prefers a literal segment to a capture at the first place two patterns differ.
            if let current = best, !Self.prefers(literals, to: current.literals) { continue }
            best = (literals, route.methods)
        }
        return best?.methods
    }

    static func prefers(_ candidate: [Bool], to current: [Bool]) -> Bool {
        for (new, old) in zip(candidate, current) where new != old { return new }
        return false
    }
}
