import LanyardAPI
import Testing

/// RFC 8414 §3.1 and RFC 9728 §3.1: the well-known segment goes between the authority and the path.
@Suite("Well-known metadata URLs with path insertion")
struct WellKnownURLTests {
    @Test("an issuer with a path: the segment is inserted before it, a terminating slash dropped")
    func issuerWithPath() {
        #expect(
            WellKnownURL.inserting(WellKnownURL.authorizationServer, into: "https://lanyard.example/t/acme")
                == "https://lanyard.example/.well-known/oauth-authorization-server/t/acme")
        #expect(
            WellKnownURL.inserting(WellKnownURL.authorizationServer, into: "http://127.0.0.1:8080/t/acme/")
                == "http://127.0.0.1:8080/.well-known/oauth-authorization-server/t/acme")
        #expect(
            WellKnownURL.inserting(WellKnownURL.protectedResource, into: "https://lanyard.example/t/acme/mcp/crm")
                == "https://lanyard.example/.well-known/oauth-protected-resource/t/acme/mcp/crm")
    }

    @Test("a root identifier and a query")
    func rootAndQuery() {
        #expect(WellKnownURL.inserting("x", into: "https://h") == "https://h/.well-known/x")
        #expect(WellKnownURL.inserting("x", into: "https://h/") == "https://h/.well-known/x")
        #expect(WellKnownURL.inserting("x", into: "https://h?a=1") == "https://h/.well-known/x?a=1")
    }

    @Test("not an absolute URL: nil")
    func notAbsolute() {
        #expect(WellKnownURL.inserting("x", into: "/t/acme") == nil)
        #expect(WellKnownURL.inserting("x", into: "://h/t") == nil)
        #expect(WellKnownURL.inserting("x", into: "https:///t") == nil)
    }
}
