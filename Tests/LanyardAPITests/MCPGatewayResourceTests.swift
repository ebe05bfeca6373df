import Foundation
import LanyardAPI
import LanyardModel
import Testing

/// The gateway's resource identifiers and metadata documents, and the issuer's metadata that names the same issuer.
@Suite("MCP gateway resources and the metadata documents an MCP client reads")
struct MCPGatewayResourceTests {
    static let issuer = "https://lanyard.example/t/acme"

    static func object(_ value: some Encodable) throws -> [String: JSONValue] {
        let data = try LanyardJSON.encoder().encode(value)
        guard case .object(let members) = try LanyardJSON.decoder().decode(JSONValue.self, from: data) else { throw LanyardError(.internal, "not an object") }
        return Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }

    @Test("the resource identifier is {issuer}/mcp/{server}, with no trailing slash, and its metadata is at the inserted well-known URL")
    func identifiers() {
        let crm = MCPGatewayResource(issuer: Self.issuer, server: "crm")
        #expect(crm.url == "https://lanyard.example/t/acme/mcp/crm")
        #expect(crm.metadataURL == "https://lanyard.example/.well-known/oauth-protected-resource/t/acme/mcp/crm")
        #expect(crm.url == "https://lanyard.example" + APIRoute.mcpGateway.path("acme", "crm"))
        #expect(crm.metadataURL == "https://lanyard.example" + APIRoute.protectedResourceMetadata.path("acme", "crm"))
    }

    @Test("an audience under {issuer}/mcp/ names a server; anything else is not a gateway resource")
    func parsing() {
        #expect(MCPGatewayResource(audience: Self.issuer + "/mcp/crm", issuer: Self.issuer)?.server == "crm")
        #expect(MCPGatewayResource(audience: Self.issuer + "/mcp/crm/", issuer: Self.issuer)?.server == "crm/", "kept, to be refused")
        #expect(MCPGatewayResource(audience: Self.issuer + "/mcp/", issuer: Self.issuer)?.server == "")
        #expect(MCPGatewayResource(audience: Self.issuer, issuer: Self.issuer) == nil)
        #expect(MCPGatewayResource(audience: "https://crm.example/mcp", issuer: Self.issuer) == nil)
        #expect(MCPGatewayResource(audience: "https://lanyard.example/t/other/mcp/crm", issuer: Self.issuer) == nil)
    }

    @Test("protected resource metadata: resource exact, the issuer as authorization server, header only, the mcp scope")
    func protectedResourceMetadata() throws {
        let document = try Self.object(MCPGatewayResource(issuer: Self.issuer, server: "crm").metadata(dpopAlgorithms: ["RS256", "ES256"]))
        #expect(document["resource"] == .string("https://lanyard.example/t/acme/mcp/crm"))
        #expect(document["authorization_servers"] == .array([.string(Self.issuer)]))
        #expect(document["bearer_methods_supported"] == .array([.string("header")]))
        #expect(document["scopes_supported"] == .array([.string("mcp")]))
        #expect(document["dpop_signing_alg_values_supported"] == .array([.string("ES256"), .string("RS256")]))
        #expect(
            Set(document.keys) == [
                "resource", "authorization_servers", "bearer_methods_supported", "scopes_supported", "resource_name",
                "dpop_signing_alg_values_supported",
            ])
    }

    @Test("authorization server metadata: the issuer byte for byte, a real authorization endpoint, no empty and no false claims")
    func authorizationServerMetadata() throws {
        let metadata = AuthorizationServerMetadata(
            issuer: Self.issuer, signingAlgorithms: ["EdDSA", "ES256"], assertionAlgorithms: ["ES256", "EdDSA"], dpopAlgorithms: ["EdDSA"])
        let document = try Self.object(metadata)
        #expect(document["issuer"] == .string(Self.issuer))
        #expect(document["authorization_endpoint"] == .string(Self.issuer + "/oauth2/authorize"))
        #expect(document["token_endpoint"] == .string(Self.issuer + "/oauth2/token"))
        #expect(document["jwks_uri"] == .string(Self.issuer + "/.well-known/jwks.json"))
        #expect(document["token_endpoint_auth_methods_supported"] == .array([.string("private_key_jwt")]))
        #expect(document["grant_types_supported"] == .array([.string("client_credentials"), .string(TokenRequest.tokenExchange)]))
        // Lanyard has no response type (the implicit grant's "token" was never true) and no tenant-wide scope list:
        // RFC 8414 §3.2 omits a claim with zero elements rather than stating it empty.
        #expect(document["response_types_supported"] == nil && document["scopes_supported"] == nil)
        for (name, value) in document {
            if case .array(let items) = value { #expect(!items.isEmpty, "\(name) is empty") }
        }
        #expect(
            metadata.authorizationEndpoint == Self.issuer + APIRoute.authorize.pathUnderIssuer
                && metadata.tokenEndpoint == Self.issuer + APIRoute.token.pathUnderIssuer)
        #expect(
            WellKnownURL.inserting(WellKnownURL.authorizationServer, into: Self.issuer) == "https://lanyard.example"
                + APIRoute.authorizationServerMetadata.path("acme"))
    }
}
