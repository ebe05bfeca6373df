public import AsyncHTTPClient
public import Foundation
public import LanyardCore
import NIOCore
import NIOHTTP1
import Tracing

/// Fetches external issuers' OIDC discovery documents and JWKS with AsyncHTTPClient: no redirects followed, a
/// per-request deadline, a bounded body, status 200 only. Each fetch is a client span (`GET`, with the URL's host)
/// whose W3C trace context goes out in `traceparent`/`tracestate`, so the issuer's own traces join the request that
/// needed its keys (nothing is sent or recorded when no tracer is configured).
///
/// It lives at the edge (LanyardServer) because it is network I/O; the cache and its policy (TTL, refetch on an
/// unknown `kid`, rate limit) are in LanyardCore's ``IssuerKeyCache``, which sees only the ``IssuerDocumentFetcher``
/// protocol.
public struct HTTPIssuerDocumentFetcher: IssuerDocumentFetcher {
    let client: HTTPClient

    /// - Parameter client: the client to use; by default ``OutboundHTTPClient/shared``, which never follows redirects.
    public init(client: HTTPClient? = nil) {
        self.client = client ?? OutboundHTTPClient.shared
    }

    public func fetch(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data {
        try await InstrumentationSystem.tracer.withAnySpan("GET", ofKind: .client) { span in
            span.attributes["http.request.method"] = "GET"
            span.attributes["server.address"] = URL(string: url)?.host
            return try await fetchInSpan(url, maxBytes: maxBytes, timeout: timeout)
        }
    }

    private func fetchInSpan(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        InstrumentationSystem.instrument.inject(InstrumentationContext.current ?? .topLevel, into: &request.headers, using: TraceHeadersInjector())
        let response = try await OutboundHTTPClient.execute(request, on: client, url: url, timeout: timeout)
        guard response.status.code == 200 else {
            throw IssuerFetchError("\(url) answered HTTP \(response.status.code).")
        }
        return try await OutboundHTTPClient.body(of: response, from: url, maxBytes: maxBytes)
    }
}

/// Writes W3C trace-context fields into an outgoing request's headers.
struct TraceHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: key, value: value)
    }
}
