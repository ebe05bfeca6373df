public import Foundation

/// `POST /t/{tenant}/v1/scim/tokens`: a new provisioning token for the tenant's identity provider.
public struct CreateSCIMTokenRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// What the token is for (`okta`, `entra-id`); at most 200 printable characters.
    public var description: String?

    public init(description: String? = nil) { self.description = description }

    public static let allowedFields: Set<String> = ["description"]
}

/// A provisioning token as listed: never the token itself.
public struct SCIMTokenView: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, description: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.description = description
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A newly made provisioning token (`lsc_…`): shown this once, stored only as a hash.
public struct CreatedSCIMToken: Sendable, Hashable, Codable {
    public var token: String
    public var info: SCIMTokenView

    public init(token: String, info: SCIMTokenView) {
        self.token = token
        self.info = info
    }
}

/// `GET /t/{tenant}/v1/scim/tokens`.
public struct SCIMTokenList: Sendable, Hashable, Codable {
    public var tokens: [SCIMTokenView]

    public init(tokens: [SCIMTokenView]) { self.tokens = tokens }
}
