import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardModel
import LanyardServer
import Testing
import LanyardTesting

/// A known path asked with a method it does not declare: 405, an `Allow` header with the route's methods, and the
/// usual JSON error body. An unknown path stays 404.
@Suite("Undeclared methods")
struct MethodNotAllowedTests {
    func answer(_ method: HTTPRequest.Method, _ path: String) async throws -> (HTTPResponse.Status, String?, [String: JSONValue]) {
        let harness = try await AdminAPITests.Harness.make()
        let token = harness.env.platformToken
        return try await harness.app.test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: AdminAPITests.headers(token))
            return (response.status, response.headers[.allow], try AdminAPITests.json(response.body))
        }
    }

    @Test(
        "an undeclared method on a known path is 405 with Allow listing the route's methods",
        arguments: [
            (HTTPRequest.Method.trace, "/healthz", "GET"),
            (.delete, "/v1/tenants", "GET, POST"),
            (.patch, "/t/default/v1/identities", "GET, POST"),
            (.put, "/t/default/v1/identities/support-bot", "GET"),
            (.get, "/t/default/v1/admin/tokens/tok_none", "DELETE"),
            (.options, "/t/default/v1/policies", "GET, PUT"),
            (.post, "/t/default/v1/policies/versions", "GET"),
        ])
    func methodNotAllowed(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let (status, allowed, body) = try await answer(method, path)
        #expect(status == .methodNotAllowed)
        #expect(allowed == allow)
        #expect(body["error"] == .string("method_not_allowed"))
    }

    @Test("a path no route matches is still 404 not_found, whatever the method")
    func unknownPath() async throws {
        for method in [HTTPRequest.Method.get, .trace] {
            let (status, allowed, body) = try await answer(method, "/t/default/v1/secrets")
            #expect(status == .notFound)
            #expect(allowed == nil)
            #expect(body["error"] == .string("not_found"))
        }
    }
}
