import AsyncHTTPClient
import Foundation
import LanyardCore
import NIOCore

/// The one process-wide HTTP client of the server's own outbound requests (external issuers' keys): it never follows
/// a redirect — one could lead an https URL to a plain-http or internal address — and is never shut down (so never
/// deinitialised). Each request also gets its own deadline. Webhook deliveries use a short-lived client with the same
/// ``configuration()``, pinned to the address they checked (``HTTPWebhookTransport``).
enum OutboundHTTPClient {
    static let shared: HTTPClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration())

    /// No redirects; 5 s to connect and between reads.
    static func configuration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(5))
        return configuration
    }
}

extension OutboundHTTPClient {
    /// Sends `request` to `url` on `client` with a deadline of `timeout` (clamped to 1–60 s).
    /// - Throws: ``IssuerFetchError`` when the server is unreachable or does not answer in time.
    static func execute(_ request: HTTPClientRequest, on client: HTTPClient, url: String, timeout: Duration) async throws -> HTTPClientResponse {
        let seconds = max(1, min(timeout.components.seconds, 60))
        do {
            return try await client.execute(request, timeout: .seconds(seconds))
        } catch {
            throw IssuerFetchError("\(url) is unreachable or did not answer within \(seconds) s.")
        }
    }

    /// The body of `response` from `url`, at most `maxBytes`.
    /// - Throws: ``IssuerFetchError`` when it is larger or cut off.
    static func body(of response: HTTPClientResponse, from url: String, maxBytes: Int) async throws -> Data {
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return Data(body.readableBytesView)
        } catch {
            throw IssuerFetchError("\(url) sent more than \(maxBytes / 1024) KiB, or the body was cut off.")
        }
    }
}
