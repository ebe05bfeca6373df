import LanyardAPI
import Testing

/// The `WWW-Authenticate` challenges of a protected resource (RFC 6750 §3, RFC 9449 §7.1, RFC 9728 §5.1), as an MCP
/// client reads them (`field=("…"|token)` per parameter).
@Suite("Protected resource challenges")
struct ResourceChallengeTests {
    static let crm = MCPGatewayResource(issuer: "https://lanyard.example/t/acme", server: "crm")

    /// The parameters of a challenge the way the MCP Python SDK reads them: `name="value"` pairs after the scheme.
    static func parameters(_ header: String) -> [String: String] {
        var found: [String: String] = [:]
        for match in header.matches(of: /([a-z_]+)="([^"]*)"/) { found[String(match.1)] = String(match.2) }
        return found
    }

    @Test("no token: resource_metadata and scope, no error code (RFC 6750 §3.1)")
    func noToken() {
        let header = Self.crm.challenge().headerValue
        #expect(
            header == #"Bearer resource_metadata="https://lanyard.example/.well-known/oauth-protected-resource/t/acme/mcp/crm", scope="mcp""#)
        #expect(Self.parameters(header)["error"] == nil)
    }

    @Test("a presented token that is refused: invalid_token with a description, the metadata and the scope")
    func invalidToken() {
        let header = Self.crm.challenge(error: "invalid_token", description: "This access token is for 'https://other', not for this server.")
            .headerValue
        #expect(header.hasPrefix("Bearer error=\"invalid_token\", error_description=\""))
        let parameters = Self.parameters(header)
        #expect(parameters["error"] == "invalid_token")
        #expect(parameters["resource_metadata"] == Self.crm.metadataURL && parameters["scope"] == "mcp")
        #expect(parameters["algs"] == nil, "algs belongs to DPoP challenges only")
    }

    @Test("insufficient_scope names the scope to ask for; a DPoP challenge lists the proof algorithms")
    func scopeAndDPoP() {
        let scope = Self.parameters(Self.crm.challenge(error: "insufficient_scope", description: "lacks mcp").headerValue)
        #expect(scope["error"] == "insufficient_scope" && scope["scope"] == "mcp")
        let dpop = Self.crm.challenge(error: "invalid_dpop_proof", description: "stale", scheme: "DPoP", dpopAlgorithms: ["RS256", "ES256", "EdDSA"])
        #expect(dpop.headerValue.hasPrefix("DPoP error=\"invalid_dpop_proof\""))
        #expect(Self.parameters(dpop.headerValue)["algs"] == "ES256 EdDSA RS256")
    }

    @Test("a description cannot break out of its quoted string or add a parameter")
    func quoting() {
        let hostile = "bad\", error=\"none\\\r\nSet-Cookie: x=1 ünïcode\u{7}"
        let header = ResourceChallenge(error: "invalid_token", errorDescription: hostile, resourceMetadata: "https://m", scope: "mcp").headerValue
        #expect(!header.contains("\r") && !header.contains("\n") && !header.contains("\\") && header.allSatisfy(\.isASCII))
        let parameters = Self.parameters(header)
        #expect(parameters["error"] == "invalid_token" && parameters["resource_metadata"] == "https://m")
        #expect(header.filter { $0 == "\"" }.count == 8, "four quoted values, no more")
        let long = ResourceChallenge(error: "invalid_token", errorDescription: String(repeating: "x", count: 5000)).headerValue
        #expect(long.utf8.count < 400, "descriptions are bounded")
    }

    @Test("a bare scheme when there is nothing to say")
    func bare() {
        #expect(ResourceChallenge().headerValue == "Bearer")
    }
}
