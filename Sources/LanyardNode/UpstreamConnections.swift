import LanyardServer
import ServiceLifecycle

/// The MCP gateway's upstream connections as a service: they stay open until the node shuts down, then close (an
/// HTTP client must be shut down before it goes away).
struct UpstreamConnections: Service {
    let transport: HTTPMCPUpstreamTransport

    func run() async throws {
        try? await gracefulShutdown()
        await transport.shutdown()
    }
}
