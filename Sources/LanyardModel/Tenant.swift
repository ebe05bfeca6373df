public import Foundation

/// An isolation boundary: its own identities, templates, issuer and SPIFFE trust domain.
public struct Tenant: Sendable, Hashable, Codable {
    /// URL-safe name, also the path segment of the tenant's issuer (`/t/{name}`).
    public var name: String
    /// SPIFFE trust domain of the tenant's workloads.
    public var trustDomain: String
    public var createdAt: Date
    /// Whether identities' owners must be active people of the tenant's SCIM directory (``OwnerDirectory``).
    public var ownerDirectory: OwnerDirectory

    public init(name: String, trustDomain: String, createdAt: Date, ownerDirectory: OwnerDirectory = .optional) {
        self.name = name
        self.trustDomain = trustDomain
        self.createdAt = createdAt
        self.ownerDirectory = ownerDirectory
    }

    /// The name of the tenant created on first start.
    public static let defaultName = "default"
}
