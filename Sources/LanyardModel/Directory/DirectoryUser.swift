public import Foundation

/// A person provisioned by the tenant's identity provider over SCIM (RFC 7643 §4.1).
///
/// `userName` is unique in a tenant without regard to case; it is also the owner key of the identities this person
/// owns (an identity's `owner`). `attributes` is the SCIM resource's attributes as `LanyardSCIM` reads them (no `id`,
/// `meta` or `schemas`); `userName`, `externalId` and `active` are copied out of it for lookups.
public struct DirectoryUser: Sendable, Hashable {
    public var id: String
    public var userName: String
    public var externalId: String?
    public var active: Bool
    public var attributes: JSONObject
    public var createdAt: Date
    public var updatedAt: Date
    /// Starts at 1 and grows by one on every change.
    public var version: Int64

    public init(
        id: String, userName: String, externalId: String?, active: Bool, attributes: JSONObject, createdAt: Date, updatedAt: Date,
        version: Int64
    ) {
        self.id = id
        self.userName = userName
        self.externalId = externalId
        self.active = active
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
