import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import LanyardAPI
import LanyardServer
import Testing
import Tracing

/// The server's spans (``RequestTracing``) in process, recorded by an in-memory tracer: one server span per request,
/// a child of the caller's context, named by route, with the node, tenant and grant type; no span for the probes;
/// none at all when tracing is not configured; no credential in any attribute.
@Suite("Server spans")
struct RequestTracingTests {
    /// A header pair that the in-memory tracer reads as the caller's trace and span.
    static func callerHeaders(trace: String, span: String) throws -> HTTPFields {
        let traceField = try #require(HTTPField.Name(InMemoryTracer.traceIDKey))
        let spanField = try #require(HTTPField.Name(InMemoryTracer.spanIDKey))
        return RouteHarness.headers(contentType: "application/x-www-form-urlencoded", extra: [(traceField, trace), (spanField, span)])
    }

    /// The harness's router with tracing on, recording into `tracer`, and a client of it inside the tracer's scope
    /// (Hummingbird's middleware reads the task's tracer).
    static func traced(
        _ tracer: InMemoryTracer, _ harness: RouteHarness, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var dependencies = harness.dependencies
        dependencies.tracing = RequestTracing(tracer: tracer, nodeID: "node-a")
        let app = Application(router: buildLanyardRouter(dependencies))
        try await withTracer(tracer) { try await app.test(.router, body) }
    }

    @Test("a token request is one server span, child of the caller's, named by route, with node, tenant and grant type")
    func tokenRequestSpan() async throws {
        let tracer = InMemoryTracer()
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("traced-agent")
        let body = try await harness.clientCredentials(agent, jti: "traced-1")
        try await Self.traced(tracer, harness) { client in
            let answer = try await client.execute(
                uri: "/t/default/oauth2/token", method: .post, headers: try Self.callerHeaders(trace: "trace-1", span: "caller-1"),
                body: ByteBuffer(string: body))
            #expect(answer.status == .ok)
            for probe in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await client.execute(uri: probe, method: .get).status == .ok)
            }
        }
        let spans = tracer.finishedSpans
        #expect(spans.count == 1, "the probes are not traced: \(spans.map(\.operationName))")
        let span = try #require(spans.first)
        #expect(span.kind == .server && span.operationName == "/t/{tenant}/oauth2/token")
        #expect(span.traceID == "trace-1" && span.parentSpanID == "caller-1")
        #expect(span.attributes.get("lanyard.node.id") == .string("node-a"))
        #expect(span.attributes.get("lanyard.tenant") == .string("default"))
        #expect(span.attributes.get("lanyard.grant_type") == .string("client_credentials"))
        #expect(span.attributes.get("http.response.status_code") == .int(200))
        var values: [String] = []
        span.attributes.forEach { _, value in values.append("\(value)") }
        let assertion = try #require(body.split(separator: "&").first { $0.hasPrefix("client_assertion=") }).dropFirst("client_assertion=".count)
        #expect(!values.contains { $0.contains(assertion.prefix(40)) }, "the client assertion reached a span")
    }

    @Test("credential-like query parameters are redacted; an unknown grant type is recorded as 'unsupported'")
    func redaction() async throws {
        let tracer = InMemoryTracer()
        try await Self.traced(tracer, try await RouteHarness.make()) { client in
            let answer = try await client.execute(
                uri: "/t/default/oauth2/token?access_token=secret-value&page=2", method: .post, headers: RouteHarness.formHeaders,
                body: ByteBuffer(string: "grant_type=" + String(repeating: "x", count: 500)))
            #expect(answer.status == .badRequest)
        }
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.attributes.get("url.query") == .string("access_token=REDACTED&page=2"))
        #expect(span.attributes.get("lanyard.grant_type") == .string("unsupported"))
    }

    @Test("without tracing configured the router adds no tracing middleware: no span even with a tracer in scope")
    func untracedByDefault() async throws {
        let tracer = InMemoryTracer()
        let harness = try await RouteHarness.make()
        try await withTracer(tracer) {
            try await harness.test { client in
                let answer = try await client.execute(uri: "/t/default/.well-known/openid-configuration", method: .get)
                #expect(answer.status == .ok)
            }
        }
        #expect(tracer.finishedSpans.isEmpty)
    }
}
