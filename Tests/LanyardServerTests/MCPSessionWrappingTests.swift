import LanyardCredentials
import Testing

@testable import LanyardServer

/// Upstream sessions wrapped for the agent under a key derived from the KEK: every node of a deployment (the same KEK)
/// unwraps what another wrapped; another deployment, another agent or a changed byte does not.
@Suite("MCP session wrapping across nodes")
struct MCPSessionWrappingTests {
    @Test("a session wrapped on one node unwraps on another with the same KEK, for the same agent only")
    func acrossNodes() throws {
        let (kek, encoded) = KeyEncryptionKey.generate()
        let other = try KeyEncryptionKey(encoded: encoded)
        let here = MCPSessionWrapping(key: kek.derivedKey(for: "mcp/session"))
        let there = MCPSessionWrapping(key: other.derivedKey(for: "mcp/session"))
        let wrapped = try #require(here.wrap("sess-123", tenant: "t1", server: "crm", identity: "idn_a"))
        #expect(there.unwrap(wrapped, tenant: "t1", server: "crm", identity: "idn_a") == "sess-123")
        #expect(there.unwrap(wrapped, tenant: "t1", server: "crm", identity: "idn_b") == nil, "another agent")
        #expect(there.unwrap(wrapped, tenant: "t1", server: "tickets", identity: "idn_a") == nil, "another server")
        #expect(there.unwrap("sess-124" + wrapped.dropFirst(8), tenant: "t1", server: "crm", identity: "idn_a") == nil, "a changed id")
        let foreign = MCPSessionWrapping(key: KeyEncryptionKey.generate().0.derivedKey(for: "mcp/session"))
        #expect(foreign.unwrap(wrapped, tenant: "t1", server: "crm", identity: "idn_a") == nil, "another deployment")
        let otherPurpose = MCPSessionWrapping(key: kek.derivedKey(for: "mcp/request-state"))
        #expect(otherPurpose.unwrap(wrapped, tenant: "t1", server: "crm", identity: "idn_a") == nil, "keys differ by purpose")
    }
}
