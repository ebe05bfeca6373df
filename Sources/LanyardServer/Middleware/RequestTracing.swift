public import Hummingbird
import LanyardAPI
public import Tracing

/// The server's part in tracing, present only when a tracer is configured (``ServerDependencies/tracing``).
///
/// Every request gets one server span from Hummingbird's `TracingMiddleware`, outermost in the router: it takes the
/// caller's W3C `traceparent`/`tracestate`, so the span is a child of the caller's, and it is named by the matched
/// route pattern (`/t/{tenant}/oauth2/token`), never by the raw path. Its attributes are the method, route, status,
/// path, this node's id (`lanyard.node.id`) and, once known, the tenant (`lanyard.tenant`) and the grant type
/// (`lanyard.grant_type`). Query parameters that could carry a credential are redacted, and no header is recorded,
/// so no token or secret reaches a span. The store's spans (`StoreTracing`) are its children. The probes
/// (`/healthz`, `/readyz`, `/metrics`), which load balancers and Prometheus call every few seconds on every node,
/// are not traced.
public struct RequestTracing: Sendable {
    let tracer: any Tracer
    /// This node's id, on every server span.
    public let nodeID: String

    /// Query parameters whose values a span never records: RFC 6750 allows `access_token` in a query, and a
    /// confused client may put any OAuth credential there.
    static let redactedQueryParameters: Set<String> = [
        "access_token", "token", "client_assertion", "assertion", "subject_token", "actor_token", "client_secret", "code",
    ]

    /// - Parameters:
    ///   - tracer: the process's tracer (the one `InstrumentationSystem` was bootstrapped with).
    ///   - nodeID: this node's id.
    public init(tracer: any Tracer, nodeID: String) {
        self.tracer = tracer
        self.nodeID = nodeID
    }

    /// The server-span middleware.
    func middleware() -> ServerSpans {
        ServerSpans(
            tracing: TracingMiddleware(redactingQueryParameters: Self.redactedQueryParameters, attributes: ["lanyard.node.id": .string(nodeID)]))
    }

    /// Hummingbird's `TracingMiddleware`, except on the probes.
    struct ServerSpans: RouterMiddleware {
        typealias Context = LanyardRequestContext
        let tracing: TracingMiddleware<LanyardRequestContext>

        static let untraced: Set<String> = [APIRoute.health.template, APIRoute.ready.template, APIRoute.metrics.template]

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            guard !Self.untraced.contains(request.uri.path) else { return try await next(request, context) }
            return try await tracing.handle(request, context: context, next: next)
        }
    }

    /// Adds attributes to the span current in this task (the request's server span, outside any store call).
    func annotate(_ update: (inout SpanAttributes) -> Void) {
        guard let context = InstrumentationContext.current, let span = tracer.activeSpan(identifiedBy: context) else { return }
        span.updateAttributes(update)
    }

    /// The `grant_type` as an attribute value: the two Lanyard answers, else `unsupported` (the form's text is the
    /// caller's and unbounded).
    static func grantTypeAttribute(_ grantType: String?) -> String {
        switch grantType {
        case "client_credentials": "client_credentials"
        case TokenRequest.tokenExchange: TokenRequest.tokenExchange
        case nil: "missing"
        default: "unsupported"
        }
    }
}
