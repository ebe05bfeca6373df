public import Foundation
public import LanyardModel

/// The routing headers of MCP 2026-07-28 (`Mcp-Method`, `Mcp-Name`) and their check against the body: a gateway that
/// decides on a call must see the same method and name the upstream will act on.
public enum MCPRoutingHeaders {
    /// A value that is not safe as a header is sent as `=?base64?<base64 of its UTF-8>?=`.
    static let sentinelPrefix = "=?base64?"
    static let sentinelSuffix = "?="

    /// The text a header value stands for: the decoded UTF-8 of a `=?base64?…?=` value, else the value itself; nil
    /// for a malformed sentinel (bad base64 or not UTF-8).
    public static func decode(_ value: String) -> String? {
        guard value.hasPrefix(sentinelPrefix), value.hasSuffix(sentinelSuffix), value.utf8.count >= sentinelPrefix.utf8.count + sentinelSuffix.utf8.count
        else { return value }
        let inner = value.dropFirst(sentinelPrefix.count).dropLast(sentinelSuffix.count)
        guard let data = Data(base64Encoded: String(inner)), let text = String(data: data, encoding: .utf8) else { return nil }
        return text
    }

    /// `text` as a header value: as it is when every byte is visible ASCII (inner spaces allowed) and it does not look
    /// like a sentinel, else `=?base64?…?=`.
    public static func encode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let safe =
            !bytes.isEmpty && bytes.first != 0x20 && bytes.last != 0x20 && bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
            && !(text.hasPrefix(sentinelPrefix) && text.hasSuffix(sentinelSuffix))
        return safe ? text : sentinelPrefix + Data(bytes).base64EncodedString() + sentinelSuffix
    }

    /// The MCP headers of `message` sent on under `revision`, recomputed from the message: the protocol version (not
    /// on a 2025-11-25 `initialize`, which names it in its body), `Mcp-Method` and `Mcp-Name` under 2026-07-28, and
    /// the upstream's `session` when there is one.
    public static func forwarding(_ message: JSONRPCMessage, revision: MCPRevision, session: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if message.method != "initialize" || revision == .stateless { headers.append((MCPHeaderNames.protocolVersion, revision.rawValue)) }
        if revision == .stateless, let method = message.method {
            headers.append((MCPHeaderNames.method, encode(method)))
            if let name = message.targetName { headers.append((MCPHeaderNames.name, encode(name))) }
        }
        if let session { headers.append((MCPHeaderNames.session, session)) }
        return headers
    }

    /// Checks a 2026-07-28 request's headers against its body: exactly one `Mcp-Method` equal to the method; for
    /// `tools/call`, `prompts/get` and `resources/read` exactly one `Mcp-Name` equal to the name or URI; and the
    /// `_meta` protocol version equal to the `MCP-Protocol-Version` header.
    /// - Throws: `-32020` (400) naming what disagrees.
    public static func check(_ message: JSONRPCMessage, version: MCPRevision, methods: [String], names: [String]) throws(MCPProtocolError) {
        let id = message.id
        guard let method = message.method else { return }
        guard methods.count == 1, let sent = decode(methods[0]) else {
            throw .headerMismatch(methods.isEmpty ? "The Mcp-Method header is required." : "Send exactly one well-formed Mcp-Method header.", id: id)
        }
        guard sent == method else { throw .headerMismatch("The Mcp-Method header does not match the request body's method.", id: id) }
        if let target = message.targetName {
            guard names.count == 1, let name = decode(names[0]) else {
                throw .headerMismatch(
                    names.isEmpty ? "The Mcp-Name header is required for \(method)." : "Send exactly one well-formed Mcp-Name header.", id: id)
            }
            guard name == target else { throw .headerMismatch("The Mcp-Name header does not match the request body's name.", id: id) }
        } else if !names.isEmpty, ["tools/call", "prompts/get", "resources/read"].contains(method) {
            throw .headerMismatch("The request body names no target for the Mcp-Name header.", id: id)
        }
        if case .object(let meta)? = message.params["_meta"], let stated = meta[MCPRevision.metaVersionKey] {
            guard case .string(version.rawValue) = stated else {
                throw .headerMismatch("The MCP-Protocol-Version header does not match params._meta's protocol version.", id: id)
            }
        } else if case .request = message.kind {
            throw MCPProtocolError(
                code: MCPProtocolError.Code.invalidParams, status: 400,
                message: "params._meta must carry \(MCPRevision.metaVersionKey) under 2026-07-28.", id: id)
        }
    }
}
