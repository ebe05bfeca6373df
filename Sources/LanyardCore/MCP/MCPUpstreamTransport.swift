import LanyardAPI
public import LanyardModel

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

/// Reading an upstream's answer: one JSON object, or a `text/event-stream` whose events carry JSON-RPC messages.
public enum MCPUpstreamAnswer {
    /// The JSON-RPC response to request `id` in `response`: the JSON body, or the SSE event carrying a response with that
    /// id (notifications and server requests before it are dropped: the gateway relays none).
    /// - Returns: nil when there is none.
    public static func response(to id: JSONValue, in response: MCPUpstreamResponse) -> JSONObject? {
        if response.contentType == "text/event-stream" {
            for data in events(response.body) {
                guard case .object(let message)? = try? JSONValue.parse(utf8: data, maxDepth: JSONRPCMessage.maxDepth) else { continue }
                if message["method"] == nil, message["id"] == id { return message }
            }
            return nil
        }
        guard case .object(let message)? = try? JSONValue.parse(utf8: response.body, maxDepth: JSONRPCMessage.maxDepth) else { return nil }
        return message
    }

    /// The `data` of each event of a `text/event-stream` body (multi-line data joined by newlines).
    static func events(_ body: [UInt8]) -> [[UInt8]] {
        var events: [[UInt8]] = []
        var data: [UInt8] = []
        var hasData = false
        var start = 0
        func line(_ bytes: ArraySlice<UInt8>) {
            var text = bytes
            if text.last == 0x0D { text = text.dropLast() }
            if text.isEmpty {
                if hasData { events.append(data) }
                data = []
                hasData = false
                return
            }
            let prefix = Array("data:".utf8)
            guard text.starts(with: prefix) else { return }
            var value = text.dropFirst(prefix.count)
            if value.first == 0x20 { value = value.dropFirst() }
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        }
        for index in body.indices where body[index] == 0x0A {
            line(body[start..<index])
            start = index + 1
        }
        if start < body.count { line(body[start...]) }
        if hasData { events.append(data) }
        return events
    }
}
