public import AsyncHTTPClient
import Foundation
import LanyardAPI
public import LanyardCore
import LanyardModel
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Sends the gateway's requests upstream with AsyncHTTPClient: no redirects, a deadline per request, answers read up to
/// ``maxAnswerBytes``, and connections reused per upstream.
///
/// The upstream's host is resolved and the address checked (``MCPUpstreamURL/checkResolved(_:)``) before the first
/// request and again once ``resolveEvery`` has passed; each client is pinned to the address it was checked for, so a
/// name re-pointed meanwhile (DNS rebinding) never reaches a forbidden address.
public final class HTTPMCPUpstreamTransport: MCPUpstreamTransport {
    /// The most of an answer read.
    public static let maxAnswerBytes = 4 * 1024 * 1024
    /// How long a resolved, checked address is used.
    static let resolveEvery: Duration = .seconds(60)

    private struct Pinned {
        var address: String
        var client: HTTPClient
        var checkedAt: ContinuousClock.Instant
    }

    private let clients = Mutex<[String: Pinned]>([:])
    /// Clients of addresses no longer used (a host re-pointed): their connections close at ``shutdown()``.
    private let retired = Mutex<[HTTPClient]>([])

    public init() {}

    public func send(_ request: MCPUpstreamRequest) async throws -> MCPUpstreamResponse {
        let client = try await client(for: request.url)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.headers.replaceOrAdd(name: "user-agent", value: "Lanyard-MCP-Gateway/1")
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let seconds = max(1, min(request.timeout.components.seconds, 120))
        let response = try await client.execute(outgoing, timeout: .seconds(seconds))
        let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        let contentType = MediaType.essence(response.headers.first(name: "content-type") ?? "")
        return MCPUpstreamResponse(
            status: Int(response.status.code), contentType: contentType, body: Array(body.readableBytesView),
            sessionID: response.headers.first(name: MCPHeaderNames.session))
    }

    /// The client for `url`'s host, pinned to a checked address.
    private func client(for url: String) async throws -> HTTPClient {
        guard let endpoint = ResolvedHost.endpoint(of: url) else { throw LanyardError(.invalidField, "The upstream URL has no host.") }
        let key = "\(endpoint.bare):\(endpoint.port)"
        let now = ContinuousClock.now
        if let pinned = clients.withLock({ $0[key] }), now - pinned.checkedAt < Self.resolveEvery { return pinned.client }
        guard let resolved = try await ResolvedHost.resolve(url) else {
            throw LanyardError(.forbidden, "The upstream host did not resolve to an IP address.")
        }
        let address = resolved.address
        try MCPUpstreamURL.checkResolved(address)
        if let pinned = clients.withLock({ $0[key] }), pinned.address == address {
            clients.withLock { $0[key]?.checkedAt = now }
            return pinned.client
        }
        var configuration = OutboundHTTPClient.configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(60))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: resolved.pinning(configuration))
        let replaced = clients.withLock { entries -> HTTPClient? in
            let old = entries[key]?.client
            entries[key] = Pinned(address: address, client: client, checkedAt: now)
            return old
        }
        if let replaced { retired.withLock { $0.append(replaced) } }
        return client
    }

    /// Closes every connection.
    public func shutdown() async {
        let all = clients.withLock { entries -> [HTTPClient] in
            let all = entries.values.map(\.client)
            entries.removeAll()
            return all
        }
        for client in all + retired.withLock({ $0 }) { try? await client.shutdown() }
    }
}
