/// A protected resource's `WWW-Authenticate` challenge: RFC 6750 §3 (`Bearer`), RFC 9449 §7.1 (`DPoP`), with the
/// RFC 9728 §5.1 `resource_metadata` parameter and the `scope` an MCP client asks for (MCP authorization, "scope
/// selection").
///
/// ```
/// Bearer resource_metadata="https://lanyard.example/.well-known/oauth-protected-resource/t/acme/mcp/crm", scope="mcp"
/// Bearer error="invalid_token", error_description="…", resource_metadata="…", scope="mcp"
/// ```
///
/// RFC 6750 §3.1: a request that carried no credentials gets a challenge without `error`; a token that is expired,
/// revoked, malformed or for another resource gets `invalid_token`; a token without the scope the resource needs gets
/// `insufficient_scope` (with `403`). Values are quoted strings; characters a quoted string cannot carry as written
/// (`"`, `\`, controls, non-ASCII) are dropped from the description, and no parameter is longer than 2,048 bytes.
public struct ResourceChallenge: Sendable, Hashable {
    /// The authentication scheme: `Bearer` or `DPoP`.
    public var scheme: String
    /// `invalid_token`, `insufficient_scope`, `invalid_dpop_proof`, …; nil when no credentials were presented.
    public var error: String?
    /// A sentence for the client's developer.
    public var errorDescription: String?
    /// RFC 9728 §5.1: the URL of the resource's protected resource metadata.
    public var resourceMetadata: String?
    /// The scopes (space-separated) a token for this resource needs.
    public var scope: String?
    /// RFC 9449 §7.1 `algs`: the DPoP proof algorithms accepted (only with the `DPoP` scheme).
    public var algorithms: [String]

    public init(
        scheme: String = "Bearer", error: String? = nil, errorDescription: String? = nil, resourceMetadata: String? = nil, scope: String? = nil,
        algorithms: [String] = []
    ) {
        self.scheme = scheme
        self.error = error
        self.errorDescription = errorDescription
        self.resourceMetadata = resourceMetadata
        self.scope = scope
        self.algorithms = algorithms
    }

    /// The longest parameter value written.
    static let maxValueLength = 2048
    /// The longest description written.
    static let maxDescriptionLength = 300

    /// The header field value: the scheme, then `error`, `error_description`, `resource_metadata`, `scope` and `algs`,
    /// each only when present.
    public var headerValue: String {
        var parameters: [(String, String)] = []
        if let error { parameters.append(("error", error)) }
        if let errorDescription { parameters.append(("error_description", String(Self.quotable(errorDescription).prefix(Self.maxDescriptionLength)))) }
        if let resourceMetadata { parameters.append(("resource_metadata", resourceMetadata)) }
        if let scope { parameters.append(("scope", scope)) }
        if !algorithms.isEmpty { parameters.append(("algs", algorithms.joined(separator: " "))) }
        guard !parameters.isEmpty else { return scheme }
        let written = parameters.map { name, value in "\(name)=\"\(String(Self.quotable(value).prefix(Self.maxValueLength)))\"" }
        return scheme + " " + written.joined(separator: ", ")
    }

    /// `text` without the characters a quoted string may not carry as written.
    static func quotable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "\\" }.map(Character.init))
    }
}
