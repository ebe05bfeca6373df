import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// The host of an outbound URL and the one address it resolves to now: what the webhook and MCP transports check
/// against their address rules before they connect, and pin their clients to, so that a name re-pointed between the
/// check and the connection (DNS rebinding) never reaches a forbidden address.
struct ResolvedHost: Sendable {
    /// The host as the URL spells it.
    var host: String
    /// The host without the brackets of an IPv6 literal.
    var bare: String
    var port: Int
    /// The address it resolved to.
    var address: String

    /// The host and port `url` names, without resolving; nil when it names no host.
    static func endpoint(of url: String) -> (host: String, bare: String, port: Int)? {
        guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else { return nil }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return (host, bare, parsed.port ?? (parsed.scheme?.lowercased() == "http" ? 80 : 443))
    }

    /// Resolves `url`'s host on NIO's thread pool.
    /// - Returns: nil when the URL names no host or the name did not resolve to an IP address.
    static func resolve(_ url: String) async throws -> ResolvedHost? {
        guard let (host, bare, port) = endpoint(of: url) else { return nil }
        let resolved = try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(bare, port: port) }
        guard let address = resolved.ipAddress else { return nil }
        return ResolvedHost(host: host, bare: bare, port: port, address: address)
    }

    /// `configuration` with connections to the host made to ``address`` only.
    func pinning(_ configuration: HTTPClient.Configuration) -> HTTPClient.Configuration {
        var configuration = configuration
        if address != host { configuration.dnsOverride = [host: address] }
        return configuration
    }
}
