public import Foundation

/// An upstream MCP server registered in a tenant: the gateway serves it to agents at `{issuer}/mcp/{name}` and
/// forwards their calls to ``url``.
///
/// The name is the last segment of the gateway's resource identifier (RFC 8707 `resource`, the `aud` of the agents'
/// tokens), so it follows the rules of a DNS label (``checkName(_:)``) and never needs escaping in a URL.
public struct MCPServer: Sendable, Hashable, Codable {
    public var tenant: String
    /// 1–63 characters of `a-z 0-9 -`, starting with a letter and not ending with `-`.
    public var name: String
    /// Where the upstream's Streamable HTTP endpoint is: `http` or `https`, without credentials or fragment
    /// (``MCPUpstreamURL/check(_:field:)``).
    public var url: String
    /// Whether the tool annotations this upstream sends (`readOnlyHint`, `destructiveHint`, …) are believed. The MCP
    /// specification has clients treat them as untrusted unless the server is trusted, so they are not by default.
    public var toolAnnotationsTrusted: Bool
    public var createdAt: Date
    /// Who registered it (`admin:…`).
    public var createdBy: String

    public init(tenant: String, name: String, url: String, toolAnnotationsTrusted: Bool, createdAt: Date, createdBy: String) {
        self.tenant = tenant
        self.name = name
        self.url = url
        self.toolAnnotationsTrusted = toolAnnotationsTrusted
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The longest name accepted (a DNS label's limit).
    public static let maxNameLength = 63

    /// Checks a server name: 1–63 characters of `a-z 0-9 -`, starting with a letter and not ending with `-` (the
    /// rules of a DNS label, RFC 1123 §2.1, in lower case).
    /// - Throws: `invalid_field` (`field`) naming the rule.
    public static func checkName(_ name: String, field: String = "name") throws {
        let bytes = Array(name.utf8)
        let lowerAlnum: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        let valid =
            !bytes.isEmpty && bytes.count <= maxNameLength && bytes.allSatisfy { lowerAlnum($0) || $0 == 0x2D }
            && bytes.first.map { $0 >= 0x61 && $0 <= 0x7A } == true && bytes.last != 0x2D
        guard valid else {
            throw LanyardError.invalid(
                field,
                "'\(name.prefix(64))' is not a valid MCP server name: use 1–\(maxNameLength) characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'."
            )
        }
    }
}
