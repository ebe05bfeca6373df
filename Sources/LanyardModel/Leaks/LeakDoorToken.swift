public import Foundation

/// A tenant's leak-revocation bearer (`lyrvk_…`) as stored: only its SHA-256, never the token. A self-managed GitLab
/// (or another scanner) presents it at the tenant's GitLab-shaped door to report leaked tokens of that tenant.
public struct LeakDoorToken: Sendable, Hashable, Codable {
    /// `rvt_…`.
    public var id: String
    public var tenant: String
    public var tokenHash: String
    /// What it is for (`gitlab.example.com`), at most 200 printable characters.
    public var description: String
    public var createdAt: Date
    /// Who made it (an audit actor).
    public var createdBy: String
    public var revokedAt: Date?

    public init(id: String, tenant: String, tokenHash: String, description: String, createdAt: Date, createdBy: String, revokedAt: Date? = nil) {
        self.id = id
        self.tenant = tenant
        self.tokenHash = tokenHash
        self.description = description
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
    }
}
