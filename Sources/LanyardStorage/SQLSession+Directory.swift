import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// The SCIM directory (migration 12): users, groups, memberships and provisioning tokens (hashes only).
///
/// Every change of a person, a group or a membership notes ``StateChange/directory(tenant:)``, so decisions read the
/// directory again. Lookups other than ``DirectoryLookup`` are the caller's: it filters the tenant's rows in memory (see
/// ``DirectoryStore``). Unique names are enforced by the database on the lower-cased keys, so two nodes racing to
/// create `Alice` and `alice` cannot both succeed.
extension SQLSession {
    // MARK: Users

    func insertDirectoryUser(tenant: String, _ user: DirectoryUser) async throws {
        noteChange(.directory(tenant: tenant))
        try await guarded("A user with the userName '\(user.userName)' already exists.", field: "userName") {
            try await db.raw(
                """
                INSERT INTO scim_users (tenant, id, user_name, user_name_key, external_id, active, body, created_at, updated_at, version)
                VALUES (\(bind: tenant), \(bind: user.id), \(bind: user.userName), \(bind: user.userName.lowercased()),
                    \(bind: user.externalId), \(bind: user.active ? Int64(1) : Int64(0)), \(bind: JSONValue.object(user.attributes).compactText),
                    \(bind: Self.seconds(user.createdAt)), \(bind: Self.seconds(user.updatedAt)), \(bind: user.version))
                """
            ).run()
        }
    }

    func directoryUser(tenant: String, id: String) async throws -> DirectoryUser? {
        try await db.raw("SELECT * FROM scim_users WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.directoryUser(from:))
    }

    func directoryUsers(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryUser] {
        var query: SQLQueryString = "SELECT * FROM scim_users WHERE tenant = \(bind: tenant)"
        switch lookup {
        case nil: break
        case .id(let id)?: query = "SELECT * FROM scim_users WHERE tenant = \(bind: tenant) AND id = \(bind: id)"
        case .userName(let name)?:
            query = "SELECT * FROM scim_users WHERE tenant = \(bind: tenant) AND user_name_key = \(bind: name.lowercased())"
        case .externalId(let externalId)?:
            query = "SELECT * FROM scim_users WHERE tenant = \(bind: tenant) AND external_id = \(bind: externalId)"
        case .displayName?: return []
        }
        query += " ORDER BY id"
        return try await db.raw(query).all().map(Self.directoryUser(from:))
    }

    func directoryUsers(tenant: String, after: String?, active: Bool?, limit: Int) async throws -> [DirectoryUser] {
        var query: SQLQueryString = "SELECT * FROM scim_users WHERE tenant = \(bind: tenant)"
        if let after { query += " AND user_name_key > \(bind: after)" }
        if let active { query += " AND active = \(bind: active ? Int64(1) : Int64(0))" }
        query += " ORDER BY user_name_key LIMIT \(bind: Int64(limit))"
        return try await db.raw(query).all().map(Self.directoryUser(from:))
    }

    func updateDirectoryUser(tenant: String, _ user: DirectoryUser) async throws -> Bool {
        noteChange(.directory(tenant: tenant))
        var updated = false
        try await guarded("A user with the userName '\(user.userName)' already exists.", field: "userName") {
            let rows = try await db.raw(
                """
                UPDATE scim_users SET user_name = \(bind: user.userName), user_name_key = \(bind: user.userName.lowercased()),
                    external_id = \(bind: user.externalId), active = \(bind: user.active ? Int64(1) : Int64(0)),
                    body = \(bind: JSONValue.object(user.attributes).compactText), updated_at = \(bind: Self.seconds(user.updatedAt)),
                    version = \(bind: user.version)
                WHERE tenant = \(bind: tenant) AND id = \(bind: user.id) RETURNING id
                """
            ).all()
            updated = !rows.isEmpty
        }
        return updated
    }

    func deleteDirectoryUser(tenant: String, id: String) async throws -> Bool {
        noteChange(.directory(tenant: tenant))
        try await db.raw("DELETE FROM scim_group_members WHERE tenant = \(bind: tenant) AND user_id = \(bind: id)").run()
        let rows = try await db.raw("DELETE FROM scim_users WHERE tenant = \(bind: tenant) AND id = \(bind: id) RETURNING id").all()
        return !rows.isEmpty
    }

    static func directoryUser(from row: any SQLRow) throws -> DirectoryUser {
        DirectoryUser(
            id: try row.decode(column: "id", as: String.self), userName: try row.decode(column: "user_name", as: String.self),
            externalId: try row.decode(column: "external_id", as: String?.self),
            active: try row.decode(column: "active", as: Int64.self) != 0,
            attributes: try body(row),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: date(try row.decode(column: "updated_at", as: Int64.self)),
            version: try row.decode(column: "version", as: Int64.self))
    }

    /// The stored attributes; a body that is not a JSON object is a corrupt row.
    private static func body(_ row: any SQLRow) throws -> JSONObject {
        guard case .object(let attributes) = try JSONValue.parse(try row.decode(column: "body", as: String.self)) else {
            throw LanyardError(.internal, "A stored SCIM resource is not a JSON object.")
        }
        return attributes
    }

    // MARK: Groups

    func insertDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws {
        noteChange(.directory(tenant: tenant))
        try await guarded("A group with the displayName '\(group.displayName)' already exists.", field: "displayName") {
            try await db.raw(
                """
                INSERT INTO scim_groups (tenant, id, display_name, display_name_key, external_id, body, created_at, updated_at, version)
                VALUES (\(bind: tenant), \(bind: group.id), \(bind: group.displayName), \(bind: group.displayName.lowercased()),
                    \(bind: group.externalId), \(bind: JSONValue.object(group.attributes).compactText),
                    \(bind: Self.seconds(group.createdAt)), \(bind: Self.seconds(group.updatedAt)), \(bind: group.version))
                """
            ).run()
        }
    }

    func directoryGroup(tenant: String, id: String) async throws -> DirectoryGroup? {
        try await db.raw("SELECT * FROM scim_groups WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.directoryGroup(from:))
    }

    func directoryGroups(tenant: String, lookup: DirectoryLookup?) async throws -> [DirectoryGroup] {
        var query: SQLQueryString = "SELECT * FROM scim_groups WHERE tenant = \(bind: tenant)"
        switch lookup {
        case nil: break
        case .id(let id)?: query = "SELECT * FROM scim_groups WHERE tenant = \(bind: tenant) AND id = \(bind: id)"
        case .displayName(let name)?:
            query = "SELECT * FROM scim_groups WHERE tenant = \(bind: tenant) AND display_name_key = \(bind: name.lowercased())"
        case .externalId(let externalId)?:
            query = "SELECT * FROM scim_groups WHERE tenant = \(bind: tenant) AND external_id = \(bind: externalId)"
        case .userName?: return []
        }
        query += " ORDER BY id"
        return try await db.raw(query).all().map(Self.directoryGroup(from:))
    }

    func directoryGroups(tenant: String, after: String?, limit: Int) async throws -> [DirectoryGroup] {
        var query: SQLQueryString = "SELECT * FROM scim_groups WHERE tenant = \(bind: tenant)"
        if let after { query += " AND display_name_key > \(bind: after)" }
        query += " ORDER BY display_name_key LIMIT \(bind: Int64(limit))"
        return try await db.raw(query).all().map(Self.directoryGroup(from:))
    }

    func updateDirectoryGroup(tenant: String, _ group: DirectoryGroup) async throws -> Bool {
        noteChange(.directory(tenant: tenant))
        var updated = false
        try await guarded("A group with the displayName '\(group.displayName)' already exists.", field: "displayName") {
            let rows = try await db.raw(
                """
                UPDATE scim_groups SET display_name = \(bind: group.displayName), display_name_key = \(bind: group.displayName.lowercased()),
                    external_id = \(bind: group.externalId), body = \(bind: JSONValue.object(group.attributes).compactText),
                    updated_at = \(bind: Self.seconds(group.updatedAt)), version = \(bind: group.version)
                WHERE tenant = \(bind: tenant) AND id = \(bind: group.id) RETURNING id
                """
            ).all()
            updated = !rows.isEmpty
        }
        return updated
    }

    func deleteDirectoryGroup(tenant: String, id: String) async throws -> Bool {
        noteChange(.directory(tenant: tenant))
        try await db.raw("DELETE FROM scim_group_members WHERE tenant = \(bind: tenant) AND group_id = \(bind: id)").run()
        let rows = try await db.raw("DELETE FROM scim_groups WHERE tenant = \(bind: tenant) AND id = \(bind: id) RETURNING id").all()
        return !rows.isEmpty
    }

    static func directoryGroup(from row: any SQLRow) throws -> DirectoryGroup {
        DirectoryGroup(
            id: try row.decode(column: "id", as: String.self), displayName: try row.decode(column: "display_name", as: String.self),
            externalId: try row.decode(column: "external_id", as: String?.self), attributes: try body(row),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: date(try row.decode(column: "updated_at", as: Int64.self)),
            version: try row.decode(column: "version", as: Int64.self))
    }

    // MARK: Memberships

    func setDirectoryMembers(tenant: String, groupId: String, userIds: [String]) async throws {
        noteChange(.directory(tenant: tenant))
        let wanted = Set(userIds)
        let current = Set(try await directoryMembers(tenant: tenant, groupIds: [groupId]).map(\.userId))
        for userId in current.subtracting(wanted).sorted() {
            try await db.raw(
                "DELETE FROM scim_group_members WHERE tenant = \(bind: tenant) AND group_id = \(bind: groupId) AND user_id = \(bind: userId)"
            ).run()
        }
        for userId in wanted.subtracting(current).sorted() {
            try await db.raw(
                "INSERT INTO scim_group_members (tenant, group_id, user_id) VALUES (\(bind: tenant), \(bind: groupId), \(bind: userId))"
            ).run()
        }
    }

    func directoryMembers(tenant: String, groupIds: [String]?) async throws -> [DirectoryMember] {
        var rows: [any SQLRow] = []
        if let groupIds {
            for groupId in groupIds {
                rows += try await db.raw(
                    "SELECT group_id, user_id FROM scim_group_members WHERE tenant = \(bind: tenant) AND group_id = \(bind: groupId) ORDER BY user_id"
                ).all()
            }
        } else {
            rows = try await db.raw(
                "SELECT group_id, user_id FROM scim_group_members WHERE tenant = \(bind: tenant) ORDER BY group_id, user_id"
            ).all()
        }
        return try rows.map(Self.directoryMember(from:))
    }

    func directoryMemberships(tenant: String, userId: String) async throws -> [DirectoryMember] {
        try await db.raw(
            "SELECT group_id, user_id FROM scim_group_members WHERE tenant = \(bind: tenant) AND user_id = \(bind: userId) ORDER BY group_id"
        ).all().map(Self.directoryMember(from:))
    }

    static func directoryMember(from row: any SQLRow) throws -> DirectoryMember {
        DirectoryMember(groupId: try row.decode(column: "group_id", as: String.self), userId: try row.decode(column: "user_id", as: String.self))
    }

    // MARK: Provisioning tokens

    func insertProvisioningToken(_ record: ProvisioningTokenRecord) async throws {
        try await guarded("That provisioning token already exists.") {
            try await db.raw(
                """
                INSERT INTO scim_tokens (tenant, id, token_hash, description, created_at, revoked_at)
                VALUES (\(bind: record.tenant), \(bind: record.id), \(bind: record.tokenHash), \(bind: record.description),
                    \(bind: Self.seconds(record.createdAt)), \(bind: record.revokedAt.map(Self.seconds)))
                """
            ).run()
        }
    }

    func provisioningToken(hash: String) async throws -> ProvisioningTokenRecord? {
        try await db.raw("SELECT * FROM scim_tokens WHERE token_hash = \(bind: hash)").first().map(Self.provisioningToken(from:))
    }

    func provisioningTokens(tenant: String) async throws -> [ProvisioningTokenRecord] {
        try await db.raw("SELECT * FROM scim_tokens WHERE tenant = \(bind: tenant) ORDER BY created_at DESC, id").all()
            .map(Self.provisioningToken(from:))
    }

    func revokeProvisioningToken(tenant: String, id: String, at instant: Date) async throws -> Bool {
        noteChange(.adminTokens)
        let rows = try await db.raw(
            """
            UPDATE scim_tokens SET revoked_at = \(bind: Self.seconds(instant))
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    static func provisioningToken(from row: any SQLRow) throws -> ProvisioningTokenRecord {
        ProvisioningTokenRecord(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(date))
    }
}
