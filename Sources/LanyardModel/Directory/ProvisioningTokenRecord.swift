public import Foundation

/// A tenant's SCIM provisioning token as stored: only its SHA-256 hash, never the token (`lsc_…`).
public struct ProvisioningTokenRecord: Sendable, Hashable {
    public var id: String
    public var tenant: String
    public var tokenHash: String
    public var description: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, tenant: String, tokenHash: String, description: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.tenant = tenant
        self.tokenHash = tokenHash
        self.description = description
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
