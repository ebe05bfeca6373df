public import AsyncHTTPClient
import Foundation
public import LanyardCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends webhook messages with AsyncHTTPClient: a POST with the signed headers, no redirects followed (a 3xx is
/// recorded as the answer and retried like any other non-2xx), a per-request deadline, and the answer's body read
/// no further than 16 KiB and dropped.
///
/// Before each POST the URL's host is resolved and the address checked against the URL policy
/// (``WebhookURLPolicy/checkResolved(_:host:)``), and the connection goes to exactly that address (TLS still checks
/// the certificate for the host name): a name that resolves, or is re-pointed between attempts (DNS rebinding), to a
/// private or loopback address never reaches it. A refused address is an attempt without an answer, recorded and
/// retried like a refused connection.
///
/// It lives at the edge (LanyardServer) because it is network I/O; signing, retries and the outbox are in
/// LanyardCore's ``WebhookDispatcher``, which sees only the ``WebhookTransport`` protocol.
public struct HTTPWebhookTransport: WebhookTransport {
    let urls: WebhookURLPolicy

    /// - Parameter urls: the policy endpoint URLs were accepted under; its address rules apply to every delivery.
    public init(urls: WebhookURLPolicy) {
        self.urls = urls
    }

    /// The most of an answer's body read (and then dropped).
    static let maxAnswerBytes = 16 * 1024

    /// Why a POST was not made.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    public func post(_ request: WebhookRequest, timeout: Duration) async throws -> Int {
        let resolved = try await checkedAddress(of: request.url)
        // Pinned: the client connects to the checked address, never to a second answer of the name server.
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: resolved.pinning(OutboundHTTPClient.configuration()))
        do {
            let status = try await send(request, timeout: timeout, with: client)
            try await client.shutdown()
            return status
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The URL's host and the one address it resolves to now, checked against the policy.
    func checkedAddress(of url: String) async throws -> ResolvedHost {
        guard let endpoint = ResolvedHost.endpoint(of: url) else { throw Unreachable(description: "The webhook URL has no host.") }
        guard let resolved = try await ResolvedHost.resolve(url) else {
            throw Unreachable(description: "Webhook host '\(endpoint.bare.prefix(64))' did not resolve to an IP address.")
        }
        try urls.checkResolved(resolved.address, host: resolved.bare)
        return resolved
    }

    private func send(_ request: WebhookRequest, timeout: Duration, with client: HTTPClient) async throws -> Int {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) { outgoing.headers.add(name: name, value: value) }
        outgoing.headers.replaceOrAdd(name: "user-agent", value: "Lanyard-Webhooks/1")
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let seconds = max(1, min(timeout.components.seconds, 60))
        let response = try await client.execute(outgoing, timeout: .seconds(seconds))
        _ = try? await response.body.collect(upTo: Self.maxAnswerBytes)
        return Int(response.status.code)
    }
}
