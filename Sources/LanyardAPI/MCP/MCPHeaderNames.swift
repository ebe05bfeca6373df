/// The names of the MCP headers of Streamable HTTP, lower-cased as HTTP compares them.
public enum MCPHeaderNames {
    public static let protocolVersion = "mcp-protocol-version"
    /// 2026-07-28 routing headers.
    public static let method = "mcp-method"
    public static let name = "mcp-name"
    /// 2025-11-25 sessions.
    public static let session = "mcp-session-id"
}
