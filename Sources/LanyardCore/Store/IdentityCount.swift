public import LanyardModel

/// How many identities of a tenant have a status.
public struct IdentityCount: Sendable, Hashable {
    public var tenant: String
    public var status: IdentityStatus
    public var count: Int
    public init(tenant: String, status: IdentityStatus, count: Int) {
        self.tenant = tenant
        self.status = status
        self.count = count
    }
}
