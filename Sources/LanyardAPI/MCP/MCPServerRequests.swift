public import Foundation
public import LanyardModel

/// `POST /t/{tenant}/v1/mcp/servers`: registers an upstream MCP server behind the tenant's gateway.
public struct AddMCPServerRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// 1–63 characters of `a-z 0-9 -`, starting with a letter; agents reach it at `{issuer}/mcp/{name}`.
    public var name: String
    /// The upstream's Streamable HTTP endpoint (`http` or `https`, no credentials, no fragment).
    public var url: String
    /// Whether to believe the tool annotations the upstream sends; false when absent.
    public var toolAnnotationsTrusted: Bool?
    public static let allowedFields: Set<String> = ["name", "url", "toolAnnotationsTrusted"]

    public init(name: String, url: String, toolAnnotationsTrusted: Bool? = nil) {
        self.name = name
        self.url = url
        self.toolAnnotationsTrusted = toolAnnotationsTrusted
    }
}

/// A registered MCP server as the API shows it, with where agents find it.
public struct MCPServerView: Sendable, Hashable, Codable {
    public var name: String
    public var url: String
    public var toolAnnotationsTrusted: Bool
    /// The gateway's resource identifier for it (`{issuer}/mcp/{name}`): the URL agents connect to and the `resource`
    /// of their token requests.
    public var resource: String
    /// Its RFC 9728 protected resource metadata.
    public var resourceMetadata: String
    public var createdAt: Date
    public var createdBy: String

    /// `server` as published by the tenant whose issuer is `issuer`.
    public init(_ server: MCPServer, issuer: String) {
        let gateway = MCPGatewayResource(issuer: issuer, server: server.name)
        name = server.name
        url = server.url
        toolAnnotationsTrusted = server.toolAnnotationsTrusted
        resource = gateway.url
        resourceMetadata = gateway.metadataURL
        createdAt = server.createdAt
        createdBy = server.createdBy
    }
}

/// `GET /t/{tenant}/v1/mcp/servers`.
public struct MCPServerList: Sendable, Hashable, Codable {
    public var servers: [MCPServerView]
    public init(servers: [MCPServerView]) { self.servers = servers }
}
