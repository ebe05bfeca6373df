import LanyardModel
import Testing

/// What may be registered as an upstream MCP server: its name (a DNS label) and its URL.
@Suite("MCP server names and upstream URLs")
struct MCPServerTests {
    @Test("names are DNS labels in lower case", arguments: ["crm", "a", "crm-2", "x1", String(repeating: "a", count: 63)])
    func validNames(name: String) throws {
        try MCPServer.checkName(name)
    }

    @Test(
        "other names are refused",
        arguments: ["", "1crm", "-crm", "crm-", "CRM", "crm_x", "crm.x", "crm/x", "é", "..", String(repeating: "a", count: 64)])
    func invalidNames(name: String) {
        #expect(throws: LanyardError.invalid("name", "")) { try MCPServer.checkName(name) }
    }

    @Test(
        "http and https URLs of internal and public hosts are accepted unchanged",
        arguments: [
            "https://crm-mcp.example.com/mcp", "http://127.0.0.1:9111/mcp", "http://10.0.0.5:8080/mcp?tenant=a", "http://crm.internal/",
            "http://localhost:3000", "https://[2001:db8::1]:8443/mcp", "http://[::1]/mcp", "HTTPS://crm.example/mcp", "http://crm.svc.cluster.local./mcp",
        ])
    func validURLs(url: String) throws {
        #expect(try MCPUpstreamURL.check(url) == url)
    }

    @Test(
        "credentials, fragments, other schemes, link-local and unspecified hosts and numeric spellings are refused",
        arguments: [
            "", "crm.example/mcp", "/mcp", "ftp://crm.example/mcp", "file:///etc/passwd", "javascript:alert(1)", "https://user:pw@crm.example/mcp",
            "https://token@crm.example/mcp", "https://crm.example/mcp#frag", "https://crm.example/mcp#", "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0:8080/", "http://[fe80::1]/mcp", "http://[::]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://2852039166/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/", "http://169.254.169.254./", "http://1.2.3/",
            "http://crm.example:0/", "http://crm example/", "http://crm.example/a b", "http://crm.example/\u{0}", "http://bücher.example/",
            "https://crm.example:99999/mcp", "https://" + String(repeating: "a", count: 2040) + ".example/",
        ])
    func invalidURLs(url: String) {
        #expect(throws: LanyardError.invalid("url", "")) { try MCPUpstreamURL.check(url) }
    }

    @Test("a refusal names the field it was given")
    func field() {
        #expect(throws: LanyardError.invalid("upstream", "")) { try MCPUpstreamURL.check("ftp://x", field: "upstream") }
    }
}
