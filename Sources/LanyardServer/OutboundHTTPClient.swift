import AsyncHTTPClient
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
