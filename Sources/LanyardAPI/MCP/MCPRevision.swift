public import LanyardModel

/// The MCP protocol revisions the gateway speaks: 2026-07-28 (stateless; what the Python SDK 2.x speaks) and
/// 2025-11-25 (the `initialize` handshake; the SDK 1.x line, and 2.x's fallback).
public enum MCPRevision: String, Sendable, Hashable, CaseIterable {
    case stateless = "2026-07-28"
    case handshake = "2025-11-25"

    /// Whether requests carry `Mcp-Method`/`Mcp-Name` headers that must match the body.
    public var checksRoutingHeaders: Bool { self == .stateless }

    /// The `_meta` key under which a 2026-07-28 request names its protocol version.
    public static let metaVersionKey = "io.modelcontextprotocol/protocolVersion"

    /// The revision of one POST: from `MCP-Protocol-Version`, or — without the header — the handshake revision for an
    /// `initialize` request only.
    /// - Throws: `-32022` (400) for a version the gateway does not speak, with the supported ones in `data`; `-32600`
    ///   for a request other than `initialize` without the header.
    public static func of(_ message: JSONRPCMessage, header: String?) throws(MCPProtocolError) -> MCPRevision {
        guard let header else {
            if message.method == "initialize" { return .handshake }
            throw .invalid("Send the MCP-Protocol-Version header (this gateway speaks 2026-07-28 and 2025-11-25).", id: message.id)
        }
        guard let revision = MCPRevision(rawValue: header) else {
            throw MCPProtocolError(
                code: MCPProtocolError.Code.unsupportedProtocolVersion, status: 400, message: "Unsupported protocol version", id: message.id,
                data: .object([
                    "supported": .array(allCases.map { .string($0.rawValue) }), "requested": .string(String(header.prefix(64))),
                ]))
        }
        return revision
    }
}
