import Foundation
import LanyardCore
import LanyardModel

/// The SCIM directory inside a grouped write: the plain session's.
extension DeferringSession {
    func insertDirectoryUser(tenant: String, _ user: DirectoryUser) async throws { try await base.insertDirectoryUser(tenant: tenant, user) }
    func directoryUser(tenant: String, id: String) async throws -> DirectoryUser? { try await base.directoryUser(tenant: tenant, id: id) }
    func directoryUsers(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryUser] {
        try await base.directoryUsers(tenant: tenant, lookup: lookup)
    }
    func directoryUsers(tenant: String, after: String?, active: Bool?, limit: Int) async throws -> [DirectoryUser] {
        try await base.directoryUsers(tenant: tenant, after: after, active: active, limit: limit)
    }
    func updateDirectoryUser(tenant: String, _ user: DirectoryUser) async throws -> Bool {
        try await base.updateDirectoryUser(tenant: tenant, user)
    }
    func deleteDirectoryUser(tenant: String, id: String) async throws -> Bool { try await base.deleteDirectoryUser(tenant: tenant, id: id) }
    func insertDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws {
        try await base.insertDirectoryGroup(tenant: tenant, group)
    }
    func directoryGroup(tenant: String, id: String) async throws -> DirectoryGroup? { try await base.directoryGroup(tenant: tenant, id: id) }
    func directoryGroups(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryGroup] {
        try await base.directoryGroups(tenant: tenant, lookup: lookup)
    }
    func directoryGroups(tenant: String, after: String?, limit: Int) async throws -> [DirectoryGroup] {
        try await base.directoryGroups(tenant: tenant, after: after, limit: limit)
    }
    func updateDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws -> Bool {
        try await base.updateDirectoryGroup(tenant: tenant, group)
    }
    func deleteDirectoryGroup(tenant: String, id: String) async throws -> Bool { try await base.deleteDirectoryGroup(tenant: tenant, id: id) }
    func setDirectoryMembers(tenant: String, groupId: String, userIds: [String]) async throws {
        try await base.setDirectoryMembers(tenant: tenant, groupId: groupId, userIds: userIds)
    }
    func directoryMembers(tenant: String, groupIds: [String]?) async throws -> [DirectoryMember] {
        try await base.directoryMembers(tenant: tenant, groupIds: groupIds)
    }
    func directoryMemberships(tenant: String, userId: String) async throws -> [DirectoryMember] {
        try await base.directoryMemberships(tenant: tenant, userId: userId)
    }
    func insertProvisioningToken(_ record: ProvisioningTokenRecord) async throws { try await base.insertProvisioningToken(record) }
    func provisioningToken(hash: String) async throws -> ProvisioningTokenRecord? { try await base.provisioningToken(hash: hash) }
    func provisioningTokens(tenant: String) async throws -> [ProvisioningTokenRecord] { try await base.provisioningTokens(tenant: tenant) }
    func revokeProvisioningToken(tenant: String, id: String, at instant: Date) async throws -> Bool {
        try await base.revokeProvisioningToken(tenant: tenant, id: id, at: instant)
    }
}
