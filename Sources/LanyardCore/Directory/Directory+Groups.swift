import Foundation
import LanyardAudit
public import LanyardModel
public import LanyardSCIM

/// SCIM Groups (RFC 7643 §4.2): members are users of the same tenant, kept as rows so that Okta's and Entra ID's
/// one-by-one membership PATCHes never rewrite the group.
extension Directory {
    /// The most members one group may have.
    public static let maxMembers = 10_000

    /// `POST /Groups`: 409 `uniqueness` when the displayName is taken in any letter case.
    public func createGroup(_ body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        let (attributes, members) = try Self.splitMembers(try SCIMResourceInput.attributes(of: body, type: .group))
        var generator = random.generator()
        let now = clock.now()
        let group = Self.group(IdentifierFormat.make(prefix: "grp", using: &generator), attributes, created: now, updated: now, version: 1)
        return try await Self.uniqueness {
            try await store.write { session in
                try await Self.tenantMustExist(tenant, in: session)
                try await session.insertDirectoryGroup(tenant: tenant, group)
                let users = try await Self.checkMembers(members, tenant: tenant, in: session)
                try await session.setDirectoryMembers(tenant: tenant, groupId: group.id, userIds: members)
                try await audit.record(
                    AuditEvent(
                        tenant: tenant, at: now, actor: provisioner.actor, action: .scimGroupCreate, target: "scim_group:\(group.id)",
                        details: ["displayName": group.displayName, "members": String(members.count)]),
                    in: session)
                return Self.render(group, members: members, users: users, base: base)
            }
        }
    }

    /// `GET /Groups/{id}`.
    public func group(_ id: String, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        return try await store.read { session in
            guard let group = try await session.directoryGroup(tenant: tenant, id: id) else { throw Self.notFound(.group, id) }
            let members = try await session.directoryMembers(tenant: tenant, groupIds: [id]).map(\.userId)
            return Self.render(group, members: members, users: try await Self.userNames(tenant: tenant, in: session), base: base)
        }
    }

    /// `GET /Groups`: the groups matching `filter`, by id, paged.
    public func groups(filter: String?, query: SCIMListQuery, tenant: String, base: String, by provisioner: Provisioner) async throws -> ListPage {
        try Self.require(provisioner, in: tenant)
        let (filter, lookup) = try Self.prefilter(filter, type: .group)
        let rendered = try await store.read { session in
            try await Self.tenantMustExist(tenant, in: session)
            let groups = try await session.directoryGroups(tenant: tenant, lookup: lookup)
            guard !groups.isEmpty else { return [JSONObject]() }
            let members = Dictionary(
                grouping: try await session.directoryMembers(tenant: tenant, groupIds: lookup == nil ? nil : groups.map(\.id)), by: \.groupId)
            let users = try await Self.userNames(tenant: tenant, in: session)
            return groups.map { group in Self.render(group, members: (members[group.id] ?? []).map(\.userId), users: users, base: base) }
        }
        return try Self.page(rendered, filter: filter, type: .group, query: query)
    }

    /// `PUT /Groups/{id}`: replaces the displayName, externalId and members.
    public func replaceGroup(_ id: String, with body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        let replacement = try SCIMResourceInput.attributes(of: body, type: .group)
        return try await updateGroup(id, tenant: tenant, base: base, by: provisioner) { _ in replacement }
    }

    /// `PATCH /Groups/{id}`: membership changes one by one, renames; all or nothing.
    public func patchGroup(_ id: String, with body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        let operations = try SCIMPatchOperation.operations(of: body)
        return try await updateGroup(id, tenant: tenant, base: base, by: provisioner) { current in
            try SCIMPatch.apply(operations, to: current, type: .group)
        }
    }

    /// `DELETE /Groups/{id}`.
    public func deleteGroup(_ id: String, tenant: String, by provisioner: Provisioner) async throws {
        try Self.require(provisioner, in: tenant)
        let now = clock.now()
        try await store.write { session in
            guard let group = try await session.directoryGroup(tenant: tenant, id: id) else { throw Self.notFound(.group, id) }
            let members = try await session.directoryMembers(tenant: tenant, groupIds: [id]).map(\.userId)
            guard try await session.deleteDirectoryGroup(tenant: tenant, id: id) else { throw Self.notFound(.group, id) }
            let names = try await Self.userNames(tenant: tenant, in: session)
            try await OwnerLifecycle(audit: audit, random: random).leftGroup(
                group.displayName, userNames: members.sorted().compactMap { names[$0] }, tenant: tenant, actor: provisioner.actor, at: now,
                in: session)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: provisioner.actor, action: .scimGroupDelete, target: "scim_group:\(id)",
                    details: ["displayName": group.displayName]),
                in: session)
        }
    }

    /// Reads the group with its members as `members` values, applies `change`, stores the group and the membership rows.
    private func updateGroup(
        _ id: String, tenant: String, base: String, by provisioner: Provisioner,
        _ change: @escaping @Sendable (JSONObject) throws -> JSONObject
    ) async throws -> JSONObject {
        let now = clock.now()
        return try await Self.uniqueness {
            try await store.write { session in
                guard let current = try await session.directoryGroup(tenant: tenant, id: id) else { throw Self.notFound(.group, id) }
                let before = try await session.directoryMembers(tenant: tenant, groupIds: [id]).map(\.userId)
                var withMembers = current.attributes
                if !before.isEmpty { withMembers["members"] = .array(before.map { .object(["value": .string($0)]) }) }
                let (attributes, members) = try Self.splitMembers(try change(withMembers))
                let next = Self.group(id, attributes, created: current.createdAt, updated: now, version: current.version &+ 1)
                guard try await session.updateDirectoryGroup(tenant: tenant, next) else { throw Self.notFound(.group, id) }
                let users = try await Self.checkMembers(members, tenant: tenant, in: session)
                try await session.setDirectoryMembers(tenant: tenant, groupId: id, userIds: members)
                let added = Set(members).subtracting(before).count
                let leaving = Set(before).subtracting(members)
                let removed = leaving.count
                let lifecycle = OwnerLifecycle(audit: audit, random: random)
                try await lifecycle.leftGroup(
                    current.displayName, userNames: leaving.sorted().compactMap { users[$0] }, tenant: tenant, actor: provisioner.actor, at: now,
                    in: session)
                // A renamed group no longer grants what templates grant through its old name; it orphans nothing
                // (docs/scim.md).
                if next.displayName != current.displayName {
                    try await lifecycle.revokeGroupScopes(
                        lost: current.displayName, userNames: members.compactMap { users[$0] }, tenant: tenant, actor: provisioner.actor, at: now,
                        in: session)
                }
                try await audit.record(
                    AuditEvent(
                        tenant: tenant, at: now, actor: provisioner.actor, action: .scimGroupUpdate, target: "scim_group:\(id)",
                        details: ["displayName": next.displayName, "membersAdded": String(added), "membersRemoved": String(removed)]),
                    in: session)
                return Self.render(next, members: members, users: users, base: base)
            }
        }
    }

    /// The attributes without `members`, and the member ids (each once, in order).
    static func splitMembers(_ attributes: JSONObject) throws(SCIMError) -> (JSONObject, [String]) {
        var rest = attributes
        rest["members"] = nil
        var ids: [String] = []
        var seen = Set<String>()
        if case .array(let items)? = attributes["members"] {
            for case .object(let member) in items {
                guard case .string(let id)? = member["value"], !id.isEmpty else {
                    throw .badRequest(.invalidValue, "Each member needs a value: the id of a User.")
                }
                if seen.insert(id).inserted { ids.append(id) }
            }
        }
        guard ids.count <= maxMembers else { throw .badRequest(.invalidValue, "A group may have at most \(maxMembers) members.") }
        return (rest, ids)
    }

    /// Every member must be a user of this tenant; returns the tenant's user names by id for rendering.
    static func checkMembers(_ members: [String], tenant: String, in session: any StoreSession) async throws -> [String: String] {
        let users = try await userNames(tenant: tenant, in: session)
        for member in members where users[member] == nil {
            throw SCIMError.badRequest(.invalidValue, "There is no User with id '\(member.prefix(100))' in this tenant to add as a member.")
        }
        return users
    }

    static func userNames(tenant: String, in session: any StoreSession) async throws -> [String: String] {
        Dictionary(try await session.directoryUsers(tenant: tenant, lookup: nil).map { ($0.id, $0.userName) }, uniquingKeysWith: { a, _ in a })
    }

    static func group(_ id: String, _ attributes: JSONObject, created: Date, updated: Date, version: Int64) -> DirectoryGroup {
        DirectoryGroup(
            id: id, displayName: attributes["displayName"]?.stringValue ?? "", externalId: attributes["externalId"]?.stringValue,
            attributes: attributes, createdAt: created, updatedAt: updated, version: version)
    }

    static func render(_ group: DirectoryGroup, members: [String], users: [String: String], base: String) -> JSONObject {
        var attributes = group.attributes
        if !members.isEmpty {
            attributes["members"] = .array(
                members.map { id in
                    .object(["value": .string(id), "$ref": .string("\(base)/Users/\(id)"), "type": .string("User")])
                })
        }
        return SCIMResourceType.group.render(
            id: group.id, attributes: attributes,
            meta: meta(base: base, endpoint: "/Groups", id: group.id, created: group.createdAt, updated: group.updatedAt, version: group.version))
    }
}
