import Foundation
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardServer
import Testing
import LanyardTesting

/// One source of truth for route paths: the router serves exactly the operations of ``APIRoute/all`` (the catalogue
/// the client builds its requests from), and the catalogue is exactly the operations of `openapi.yaml`.
@Suite("Route catalogue, router and OpenAPI document agree")
struct RouteCatalogueTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("openapi.yaml")

    /// `METHOD /path` of every operation in the document (its `paths:` section: paths at two spaces, methods at four).
    static func documentOperations() throws -> Set<String> {
        try documentPaths().operations
    }

    /// The operations of the document's `paths:` section (paths at two spaces, methods at four) and the
    /// `x-lanyard-action` of those that have one (at six spaces, under the method).
    static func documentPaths() throws -> (operations: Set<String>, actions: [String: String]) {
        let text = try String(contentsOf: document, encoding: .utf8)
        var operations: Set<String> = []
        var actions: [String: String] = [:]
        var inPaths = false
        var path: String?
        var operation: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if let first = line.first, first != " ", first != "#" { break }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
                operation = nil
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let name = line.dropFirst(4).prefix { $0 != ":" }
                operation = nil
                if ["get", "post", "put", "delete", "patch"].contains(String(name)) {
                    operation = "\(name.uppercased()) \(path)"
                    operations.insert("\(name.uppercased()) \(path)")
                }
            } else if let operation, line.hasPrefix("      x-lanyard-action:") {
                actions[operation] = line.dropFirst("      x-lanyard-action:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return (operations, actions)
    }

    @Test("the catalogue is the document's operations, one for one")
    func catalogueIsTheDocument() throws {
        let catalogue = Set(APIRoute.all.map(\.description))
        #expect(catalogue.count == APIRoute.all.count, "an operation is listed twice")
        let documented = try Self.documentOperations()
        #expect(documented.count > 70)
        #expect(catalogue.subtracting(documented).isEmpty, "in the catalogue, not documented: \(catalogue.subtracting(documented).sorted())")
        #expect(documented.subtracting(catalogue).isEmpty, "documented, not in the catalogue: \(documented.subtracting(catalogue).sorted())")
    }

    @Test("each operation's admin action in the catalogue is its x-lanyard-action in the document")
    func actionsAreTheDocument() throws {
        let documented = try Self.documentPaths().actions
        #expect(documented.count > 60)
        for route in APIRoute.all {
            #expect(route.action?.rawValue == documented[route.description], "\(route)")
        }
    }

    @Test("the router serves the catalogue's operations and no others")
    func routerIsTheCatalogue() async throws {
        let harness = try await RouteHarness.make()
        let served = Set(
            buildLanyardRouter(harness.dependencies).routes.map { route in
                "\(route.method.rawValue) /" + route.path.components.map(\.description).joined(separator: "/")
            })
        let catalogue = Set(APIRoute.all.map(\.description))
        #expect(served.subtracting(catalogue).isEmpty, "served, not in the catalogue: \(served.subtracting(catalogue).sorted())")
        #expect(catalogue.subtracting(served).isEmpty, "in the catalogue, not served: \(catalogue.subtracting(served).sorted())")
    }

    @Test("paths are filled in order and each value stays one segment")
    func filling() {
        #expect(APIRoute.identityRead.path("default", "idn_1") == "/t/default/v1/identities/idn_1")
        #expect(APIRoute.identityRead.parameters == ["tenant", "id"])
        #expect(APIRoute.identityRead.routerPattern == "t/:tenant/v1/identities/:id")
        #expect(APIRoute.identityRead.path("a/b", "../x y") == "/t/a%2Fb/v1/identities/..%2Fx%20y")
        #expect(APIRoute.tenantList.target().method == .get && APIRoute.tenantList.target().path == "/v1/tenants")
    }

    @Test("the endpoints a tenant's issuer advertises are the catalogue's paths under it")
    func endpointsUnderTheIssuer() {
        let urls = IssuerURLs(issuer: "https://lanyard.example/t/acme")
        let base = "https://lanyard.example"
        #expect(urls.tokenEndpoint == base + APIRoute.token.path("acme") && urls.tokenEndpoint == "https://lanyard.example/t/acme/oauth2/token")
        #expect(urls.introspectionEndpoint == base + APIRoute.introspect.path("acme"))
        #expect(urls.revocationEndpoint == base + APIRoute.revoke.path("acme"))
        #expect(urls.jwksURI == base + APIRoute.jwks.path("acme"))
        #expect(urls.jwtSVIDEndpoint == base + APIRoute.jwtSVID.path("acme"))
        #expect(urls.x509SVIDEndpoint == base + APIRoute.x509SVID.path("acme"))
        #expect(urls.spiffeBundleEndpoint == "https://lanyard.example/t/acme/spiffe/bundle")
        #expect(APIRoute.accessEvaluation.pathUnderIssuer == "/access/v1/evaluation")
        #expect(APIRoute.tenantList.pathUnderIssuer == "/v1/tenants")
    }

    @Test("a non-ASCII value is sent as percent-encoded UTF-8 (never as raw letters)")
    func nonASCIIPathValues() {
        #expect(APIRoute.ownerDeactivate.path("default", "zoë@exämple") == "/t/default/v1/owners/zo%C3%AB%40ex%C3%A4mple/deactivate")
        #expect(APIRoute.entityDelete.path("default", "Acme::Ж", "a b") == "/t/default/v1/entities/Acme%3A%3A%D0%96/a%20b")
    }
}
