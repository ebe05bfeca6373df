import AsyncHTTPClient
import NIOCore

/// The one process-wide HTTP client of the server's own outbound requests (external issuers' keys, webhook
/// deliveries): it never follows a redirect — one could lead an https URL to a plain-http or internal address —
/// and is never shut down (so never deinitialised). Each request also gets its own deadline.
enum OutboundHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(5))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
