import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardModel

extension RouterMethods {
    /// Registers `handler` for one operation of the route catalogue: its method and its path come from
    /// ``APIRoute`` (the list the client builds its requests from and a test checks against `openapi.yaml`), so no
    /// route path is written twice.
    @discardableResult
    func on(_ route: APIRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.routerPattern), method: route.method.http, use: handler)
    }
}

extension RouterMethods where Context == LanyardRequestContext {
    /// Registers an admin operation of the route catalogue behind `gate`: the admin policies decide the route's own
    /// ``APIRoute/action`` before `handler` runs (see ``AdminGate``).
    @discardableResult
    func on(
        _ route: APIRoute, gatedBy gate: AdminGate, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(route, use: gate(route, handler))
    }
}

extension APIRoute {
    /// The route's admin action.
    /// - Throws: `internal_error` for a route the catalogue gives none: a handler that authorizes must not run
    ///   without one (the catalogue test checks every documented action is there).
    func requireAction() throws -> AdminAction {
        guard let action else { throw LanyardError(.internal, "The operation \(self) has no admin action; it is refused.") }
        return action
    }
}

extension APIRoute.Method {
    /// The method as Hummingbird names it.
    var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .put: .put
        case .delete: .delete
        }
    }
}
