public import Foundation

/// A group provisioned over SCIM (RFC 7643 §4.2). `displayName` is unique in a tenant without regard to case.
/// Members are kept apart (``DirectoryMember``), so a membership change never rewrites the group.
public struct DirectoryGroup: Sendable, Hashable {
    public var id: String
    public var displayName: String
    public var externalId: String?
    /// The resource's attributes without `members`.
    public var attributes: JSONObject
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int64

    public init(
        id: String, displayName: String, externalId: String?, attributes: JSONObject, createdAt: Date, updatedAt: Date, version: Int64
    ) {
        self.id = id
        self.displayName = displayName
        self.externalId = externalId
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// One membership: a user in a group of the same tenant.
public struct DirectoryMember: Sendable, Hashable {
    public var groupId: String
    public var userId: String

    public init(groupId: String, userId: String) {
        self.groupId = groupId
        self.userId = userId
    }
}
