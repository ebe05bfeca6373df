public import Foundation
public import LanyardModel

/// The people and groups a tenant's identity provider provisions over SCIM, their memberships, and the tenant's
/// provisioning tokens.
///
/// Lists are ordered by `id`, so paging over them is stable. A list is either the whole tenant or the rows one
/// ``DirectoryLookup`` selects through an index; SCIM filters beyond those lookups are evaluated in memory over the
/// list (`Directory` does that), which is fine for directories of thousands of people and the reason the indexed
/// lookups (`userName eq`, `externalId eq`, `id eq`, `displayName eq`) are the ones identity providers send.
///
/// Insert and update methods throw ``LanyardError`` `already_exists` when a user's `userName` or a group's
/// `displayName` is taken in the tenant (compared without regard to case). Conformance: `DirectoryStoreConformance`.
public protocol DirectoryStore: Sendable {
    // Users
    func insertDirectoryUser(tenant: String, _ user: DirectoryUser) async throws
    func directoryUser(tenant: String, id: String) async throws -> DirectoryUser?
    /// The tenant's users by id, or only those `lookup` selects.
    func directoryUsers(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryUser]
    /// One page of the tenant's users in the order of their lower-cased `userName` (unique in a tenant): only those
    /// whose lower-cased userName sorts after `after` (from the start when `nil`), only those whose `active` is
    /// `active` when it is given, at most `limit`. The keyset read of the admin API's list.
    func directoryUsers(tenant: String, after: String?, active: Bool?, limit: Int) async throws -> [DirectoryUser]
    /// Replaces the stored user of that id; `false` when there is none.
    func updateDirectoryUser(tenant: String, _ user: DirectoryUser) async throws -> Bool
    /// Deletes the user and their memberships; `false` when there is none.
    func deleteDirectoryUser(tenant: String, id: String) async throws -> Bool

    // Groups
    func insertDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws
    func directoryGroup(tenant: String, id: String) async throws -> DirectoryGroup?
    func directoryGroups(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryGroup]
    /// One page of the tenant's groups in the order of their lower-cased `displayName` (unique in a tenant), after
    /// `after` (from the start when `nil`), at most `limit`.
    func directoryGroups(tenant: String, after: String?, limit: Int) async throws -> [DirectoryGroup]
    func updateDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws -> Bool
    /// Deletes the group and its memberships; `false` when there is none.
    func deleteDirectoryGroup(tenant: String, id: String) async throws -> Bool

    // Memberships
    /// Makes `userIds` the group's members exactly (adding and removing rows as needed).
    func setDirectoryMembers(tenant: String, groupId: String, userIds: [String]) async throws
    /// The memberships of the given groups (all of the tenant's when `groupIds` is nil), by group then user.
    func directoryMembers(tenant: String, groupIds: [String]?) async throws -> [DirectoryMember]
    /// The memberships of one user, by group.
    func directoryMemberships(tenant: String, userId: String) async throws -> [DirectoryMember]

    // Provisioning tokens
    func insertProvisioningToken(_ record: ProvisioningTokenRecord) async throws
    func provisioningToken(hash: String) async throws -> ProvisioningTokenRecord?
    /// The tenant's tokens, revoked ones included, newest first (then by id).
    func provisioningTokens(tenant: String) async throws -> [ProvisioningTokenRecord]
    /// Marks a token revoked; `false` when the tenant has no such token or it is revoked already.
    func revokeProvisioningToken(tenant: String, id: String, at instant: Date) async throws -> Bool
}

/// An indexed lookup in the directory: what identity providers ask before they create anything.
public enum DirectoryLookup: Sendable, Hashable {
    case id(String)
    /// A user's `userName`, compared without regard to case.
    case userName(String)
    /// `externalId`, compared exactly.
    case externalId(String)
    /// A group's `displayName`, compared without regard to case.
    case displayName(String)
}
