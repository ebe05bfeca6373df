import HTTPTypes
import Hummingbird
import LanyardAPI

extension RouterMethods {
    /// Registers `handler` for one operation of the route catalogue: its method and its path come from
    /// ``APIRoute`` (the list the client builds its requests from and a test checks against `openapi.yaml`), so no
    /// route path is written twice.
    @discardableResult
    func on(_ route: APIRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.routerPattern), method: route.method.http, use: handler)
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
