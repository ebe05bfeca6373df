import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel
import Prometheus

/// OpenID AuthZEN Authorization API 1.0 under each tenant's issuer: metadata, evaluation, evaluations and the
/// three searches. Callers (enforcement points) authenticate with a bearer token; a deny is `200
/// {"decision": false}`; malformed requests are 400. `X-Request-ID` is echoed.
struct AuthZENRoutes {
    let dependencies: ServerDependencies
    /// The decision counter of each tenant, endpoint and decision.
    private let counters = MetricHandles<DecisionSeries, Counter>()

    init(dependencies: ServerDependencies) {
        self.dependencies = dependencies
    }

    /// One series of ``decisionsMetric``.
    struct DecisionSeries: Hashable, Sendable {
        let tenant: String
        let endpoint: String
        let allowed: Bool
    }

    /// Largest AuthZEN request body.
    static let maxBytes = 1024 * 1024

    static var decisionsMetric: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", subsystem: "authz", metricName: "decisions", unitName: "total",
            helpText: "Authorization decisions by tenant, endpoint and decision.")
    }

    /// The unauthenticated metadata document.
    func registerMetadata(on router: Router<LanyardRequestContext>) {
        router.on(.authzenConfiguration) { _, context in
            let tenant = try tenant(context)
            return JSONResponse.make(AuthZENMetadata(issuer: dependencies.issuer(of: tenant)), headers: [.cacheControl: "public, max-age=300"])
        }
    }

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let point = dependencies.decisions.decisionPoint
        let access = group.group().add(middleware: RequestIDEchoMiddleware())
        access.on(.accessEvaluation, gatedBy: gate) { request, context in
            try await answer(request, context, endpoint: "evaluation") { body, tenant, urls, principal in
                try await point.evaluation(AccessEvaluationRequest(json: body), tenant: tenant, urls: urls, by: principal)
            }
        }
        access.on(.accessEvaluations, gatedBy: gate) { request, context in
            try await answer(request, context, endpoint: "evaluations") { body, tenant, urls, principal in
                try await point.evaluations(AccessEvaluationsRequest(json: body), tenant: tenant, urls: urls, by: principal)
            }
        }
        let searches: [(AccessSearchRequest.Kind, APIRoute)] = [
            (.subject, .accessSearchSubject), (.resource, .accessSearchResource), (.action, .accessSearchAction),
        ]
        for (kind, route) in searches {
            access.on(route, gatedBy: gate) { request, context in
                try await answer(request, context, endpoint: "search_\(kind.rawValue)") { body, tenant, urls, principal in
                    try await point.search(AccessSearchRequest(json: body, kind: kind), tenant: tenant, urls: urls, by: principal)
                }
            }
        }
    }

    /// Reads the body (JSON, at most ``maxBytes``), has `decide` answer it and writes the answer: a typed AuthZEN
    /// answer as compact JSON, members in wire order.
    private func answer<Answer: JSONRepresentable>(
        _ request: Request, _ context: LanyardRequestContext, endpoint: String,
        _ decide: (JSONValue, String, IssuerURLs, Principal) async throws -> DecisionAnswer<Answer>
    ) async throws -> Response {
        let tenant = try tenant(context)
        let principal = try context.requirePrincipal()
        // AuthZEN answers 400 to anything but JSON (not 415 as the admin API does).
        let text = try await RequestBody.text(from: request, maxBytes: Self.maxBytes, nonJSON: .invalidRequest)
        let answer = try await decide(try JSONBody.object(text), tenant, dependencies.urls(of: tenant), principal)
        let registry = dependencies.registry
        func count(_ decisions: Int, allowed: Bool) {
            guard decisions > 0 else { return }
            counters.metric(for: DecisionSeries(tenant: tenant, endpoint: endpoint, allowed: allowed)) { series in
                registry.makeCounter(
                    descriptor: Self.decisionsMetric,
                    labels: [("tenant", series.tenant), ("endpoint", series.endpoint), ("decision", series.allowed ? "allow" : "deny")])
            }
            .increment(by: Int64(decisions))
        }
        count(answer.allowed, allowed: true)
        count(answer.denied, allowed: false)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body.json.compactBytes)))
    }
}

/// Echoes the caller's `X-Request-ID` (up to 200 bytes) on every answer, errors included, so an enforcement
/// point can match answers to requests.
struct RequestIDEchoMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    static let header = HTTPField.Name("X-Request-ID")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorMapping.response(for: error, requestID: context.requestID, logger: context.logger)
        }
        if let name = Self.header, let value = request.headers[name], value.utf8.count <= 200 { response.headers[name] = value }
        return response
    }
}
