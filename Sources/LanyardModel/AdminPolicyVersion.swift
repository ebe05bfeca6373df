public import Foundation

/// One version of a tenant's own admin policies: Cedar `forbid` policies over the `Lanyard::Admin` schema that
/// narrow the built-in roles within that tenant (they never widen them). Version 0 is the empty set.
public struct AdminPolicyVersion: Sendable, Hashable, Codable {
    public var tenant: String
    public var version: Int
    /// Cedar policy text (may be empty).
    public var policies: String
    /// The actor that pushed it.
    public var author: String
    public var message: String
    public var createdAt: Date

    public init(tenant: String, version: Int, policies: String, author: String, message: String, createdAt: Date) {
        self.tenant = tenant
        self.version = version
        self.policies = policies
        self.author = author
        self.message = message
        self.createdAt = createdAt
    }
}
