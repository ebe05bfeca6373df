public import LanyardModel

/// Reading an upstream's answer: one JSON object, or a `text/event-stream` whose events carry JSON-RPC messages.
public enum MCPUpstreamAnswer {
    /// The JSON-RPC response to request `id` in an answer of `contentType` (lower-cased, without parameters): the JSON
    /// body, or the SSE event carrying a response with that id (notifications and server requests before it are
    /// dropped: the gateway relays none).
    /// - Returns: nil when there is none.
    public static func response(to id: JSONValue, contentType: String, body: [UInt8]) -> JSONObject? {
        if contentType == "text/event-stream" {
            for data in events(body) {
                guard case .object(let message)? = try? JSONValue.parse(utf8: data, maxDepth: JSONRPCMessage.maxDepth) else { continue }
                if message["method"] == nil, message["id"] == id { return message }
            }
            return nil
        }
        guard case .object(let message)? = try? JSONValue.parse(utf8: body, maxDepth: JSONRPCMessage.maxDepth) else { return nil }
        return message
    }

    /// The `data` of each event of a `text/event-stream` body (multi-line data joined by newlines).
    public static func events(_ body: [UInt8]) -> [[UInt8]] {
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
