public import AsyncHTTPClient
public import LanyardCore
import NIOCore
import NIOHTTP1

/// Sends webhook messages with AsyncHTTPClient: a POST with the signed headers, no redirects followed (a 3xx is
/// recorded as the answer and retried like any other non-2xx), a per-request deadline, and the answer's body read
/// no further than 16 KiB and dropped.
///
/// It lives at the edge (LanyardServer) because it is network I/O; signing, retries and the outbox are in
/// LanyardCore's ``WebhookDispatcher``, which sees only the ``WebhookTransport`` protocol.
public struct HTTPWebhookTransport: WebhookTransport {
    let client: HTTPClient

    /// - Parameter client: the client to use; by default ``OutboundHTTPClient/shared``, which never follows redirects.
    public init(client: HTTPClient? = nil) {
        self.client = client ?? OutboundHTTPClient.shared
    }

    /// The most of an answer's body read (and then dropped).
    static let maxAnswerBytes = 16 * 1024

    public func post(_ request: WebhookRequest, timeout: Duration) async throws -> Int {
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
