public import AsyncHTTPClient
public import Foundation
public import LanyardCore
import NIOCore
import NIOHTTP1

/// Fetches external issuers' OIDC discovery documents and JWKS with AsyncHTTPClient: no redirects followed, a
/// per-request deadline, a bounded body, status 200 only.
///
/// It lives at the edge (LanyardServer) because it is network I/O; the cache and its policy (TTL, refetch on an
/// unknown `kid`, rate limit) are in LanyardCore's ``IssuerKeyCache``, which sees only the ``IssuerDocumentFetcher``
/// protocol.
public struct HTTPIssuerDocumentFetcher: IssuerDocumentFetcher {
    let client: HTTPClient

    /// - Parameter client: the client to use; by default one shared client that never follows redirects.
    public init(client: HTTPClient? = nil) {
        self.client = client ?? Self.defaultClient
    }

    /// One process-wide client (never shut down, so never deinitialised) that refuses redirects: a redirect could
    /// lead an https issuer to a plain-http or internal address.
    static let defaultClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(5))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func fetch(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        let seconds = max(1, min(timeout.components.seconds, 60))
        let deadline = TimeAmount.seconds(seconds)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: deadline)
        } catch {
            throw IssuerFetchError("\(url) is unreachable or did not answer within \(seconds) s.")
        }
        guard response.status.code == 200 else {
            throw IssuerFetchError("\(url) answered HTTP \(response.status.code).")
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return Data(body.readableBytesView)
        } catch {
            throw IssuerFetchError("\(url) sent more than \(maxBytes / 1024) KiB, or the body was cut off.")
        }
    }
}
