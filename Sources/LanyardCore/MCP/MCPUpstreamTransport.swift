/// One POST to an upstream MCP server.
public struct MCPUpstreamRequest: Sendable {
    public var url: String
    /// Header names and values, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var timeout: Duration

    public init(url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// What an upstream answered.
public struct MCPUpstreamResponse: Sendable {
    public var status: Int
    /// The `Content-Type`, lower-cased, without parameters.
    public var contentType: String
    /// The body, read up to the transport's bound.
    public var body: [UInt8]
    /// `Mcp-Session-Id`, when the upstream keeps sessions (2025-11-25).
    public var sessionID: String?

    public init(status: Int, contentType: String, body: [UInt8], sessionID: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.sessionID = sessionID
    }
}

/// The network side of the gateway: sends one request to an upstream and reads its answer. The edge implements it
/// (connection reuse, the address policy, no redirects); the gateway sees only this.
public protocol MCPUpstreamTransport: Sendable {
    /// - Throws: any error when the upstream could not be reached or did not answer in time; the gateway refuses the
    ///   call then (fail closed).
    func send(_ request: MCPUpstreamRequest) async throws -> MCPUpstreamResponse
}
