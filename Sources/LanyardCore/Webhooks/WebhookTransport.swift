/// One webhook POST: the endpoint URL, the headers and the body, exactly as signed.
public struct WebhookRequest: Sendable, Hashable {
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]

    public init(url: String, headers: [String: String], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// How the dispatcher sends a webhook: an HTTP client behind a one-method protocol, so delivery logic is tested
/// without sockets. `LanyardServer` implements it with AsyncHTTPClient.
///
/// Implementations MUST give up after `timeout`, MUST NOT follow redirects (a 3xx is an answer, and not a 2xx), and
/// throw only when no HTTP answer came (connection refused, timeout, TLS failure).
public protocol WebhookTransport: Sendable {
    /// POSTs `request` and returns the HTTP status code of the answer.
    func post(_ request: WebhookRequest, timeout: Duration) async throws -> Int
}
