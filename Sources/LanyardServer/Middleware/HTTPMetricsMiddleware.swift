import Hummingbird
import Prometheus

/// Counts requests and records their latency per route, method and status, in Prometheus form:
/// `lanyard_http_requests_total` and `lanyard_http_request_duration_seconds`.
///
/// The route label is the matched route pattern (`/t/{tenant}/v1/identities/{id}`), never the raw path,
/// so label cardinality stays bounded.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    let registry: PrometheusCollectorRegistry
    private let handles = MetricHandles<Key, (Counter, DurationHistogram)>()

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    // Computed: `MetricNameDescriptor` is not `Sendable`. Built only for a series not seen before.
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route pattern and status."
        )
    }
    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency by method and route pattern."
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let key = Key(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code)
        let (counter, histogram) = handles.metric(for: key) { key in
            (
                registry.makeCounter(
                    descriptor: Self.requests, labels: [("method", key.method), ("route", key.route), ("status", String(key.status))]),
                registry.makeDurationHistogram(descriptor: Self.latency, labels: [("method", key.method), ("route", key.route)], buckets: Self.buckets)
            )
        }
        counter.increment()
        histogram.recordNanoseconds(Int64(clamping: (ContinuousClock.now - start).nanoseconds))
        return response
    }

    /// One series: the labels of both metrics.
    struct Key: Hashable, Sendable {
        let method: String
        let route: String
        let status: Int
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : whole &+ attoseconds / 1_000_000_000
    }
}
