import Foundation
import LanyardAudit
public import LanyardModel
public import LanyardSCIM

/// SCIM Users (RFC 7644 §3.3-3.6): create, read, list with filters, replace, patch, delete.
extension Directory {
    /// `POST /Users`: 201 with the new resource; 409 `uniqueness` when the userName is taken in any letter case.
    public func createUser(_ body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        var attributes = try SCIMResourceInput.attributes(of: body, type: .user)
        if attributes["active"] == nil { attributes["active"] = .bool(true) }
        var generator = random.generator()
        let now = clock.now()
        let user = Self.user(IdentifierFormat.make(prefix: "usr", using: &generator), attributes, created: now, updated: now, version: 1)
        try await Self.uniqueness {
            try await store.write { session in
                try await Self.tenantMustExist(tenant, in: session)
                try await session.insertDirectoryUser(tenant: tenant, user)
                if !user.active {
                    try await follow(
                        userName: user.userName, active: false, reason: "SCIM: created inactive", tenant: tenant, actor: provisioner.actor,
                        at: now, in: session)
                }
                try await audit.record(
                    AuditEvent(
                        tenant: tenant, at: now, actor: provisioner.actor, action: .scimUserCreate, target: "scim_user:\(user.id)",
                        details: ["userName": user.userName, "active": String(user.active)]),
                    in: session)
            }
        }
        return Self.render(user, groups: [], base: base)
    }

    /// `GET /Users/{id}`: a deactivated user is still returned (with `active` false); 404 only after a delete.
    public func user(_ id: String, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        return try await store.read { session in
            guard let user = try await session.directoryUser(tenant: tenant, id: id) else { throw Self.notFound(.user, id) }
            return Self.render(user, groups: try await Self.groups(of: user.id, tenant: tenant, in: session), base: base)
        }
    }

    /// `GET /Users`: the users matching `filter` (all when nil), by id, paged by `query`.
    public func users(filter: String?, query: SCIMListQuery, tenant: String, base: String, by provisioner: Provisioner) async throws -> ListPage {
        try Self.require(provisioner, in: tenant)
        let (filter, lookup) = try Self.prefilter(filter, type: .user)
        let rendered = try await store.read { session in
            try await Self.tenantMustExist(tenant, in: session)
            let users = try await session.directoryUsers(tenant: tenant, lookup: lookup)
            guard !users.isEmpty else { return [JSONObject]() }
            let memberships = Dictionary(grouping: try await session.directoryMembers(tenant: tenant, groupIds: nil), by: \.userId)
            let names = try await Self.groupNames(tenant: tenant, in: session)
            return users.map { user in
                Self.render(user, groups: (memberships[user.id] ?? []).map { ($0.groupId, names[$0.groupId] ?? "") }, base: base)
            }
        }
        return try Self.page(rendered, filter: filter, type: .user, query: query)
    }

    /// `PUT /Users/{id}`: replaces every mutable attribute (Okta updates profiles this way).
    public func replaceUser(_ id: String, with body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        let replacement = try SCIMResourceInput.attributes(of: body, type: .user)
        return try await updateUser(id, tenant: tenant, base: base, by: provisioner) { current in
            var attributes = replacement
            if attributes["active"] == nil { attributes["active"] = current["active"] ?? .bool(true) }
            return attributes
        }
    }

    /// `PATCH /Users/{id}`: the operations in order, all or nothing; 200 with the resource.
    public func patchUser(_ id: String, with body: JSONValue, tenant: String, base: String, by provisioner: Provisioner) async throws -> JSONObject {
        try Self.require(provisioner, in: tenant)
        let operations = try SCIMPatchOperation.operations(of: body)
        return try await updateUser(id, tenant: tenant, base: base, by: provisioner) { current in
            try SCIMPatch.apply(operations, to: current, type: .user)
        }
    }

    /// `DELETE /Users/{id}`: removes the user and their memberships; the owner of their userName becomes inactive.
    public func deleteUser(_ id: String, tenant: String, by provisioner: Provisioner) async throws {
        try Self.require(provisioner, in: tenant)
        let now = clock.now()
        try await store.write { session in
            guard let user = try await session.directoryUser(tenant: tenant, id: id),
                try await session.deleteDirectoryUser(tenant: tenant, id: id)
            else { throw Self.notFound(.user, id) }
            try await follow(
                userName: user.userName, active: false, reason: "SCIM: user deleted", tenant: tenant, actor: provisioner.actor, at: now,
                in: session)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: provisioner.actor, action: .scimUserDelete, target: "scim_user:\(id)",
                    details: ["userName": user.userName]),
                in: session)
        }
    }

    /// Reads the user, computes the new attributes, stores them, follows a change of `active`, audits.
    private func updateUser(
        _ id: String, tenant: String, base: String, by provisioner: Provisioner,
        _ change: @escaping @Sendable (JSONObject) throws -> JSONObject
    ) async throws -> JSONObject {
        let now = clock.now()
        return try await Self.uniqueness {
            try await store.write { session in
                guard let current = try await session.directoryUser(tenant: tenant, id: id) else { throw Self.notFound(.user, id) }
                let next = Self.user(
                    id, try change(current.attributes), created: current.createdAt, updated: now, version: current.version &+ 1)
                guard try await session.updateDirectoryUser(tenant: tenant, next) else { throw Self.notFound(.user, id) }
                if next.active != current.active || (!next.active && next.userName != current.userName) {
                    try await follow(
                        userName: next.userName, active: next.active, reason: next.active ? "SCIM: user activated" : "SCIM: user deactivated",
                        tenant: tenant, actor: provisioner.actor, at: now, in: session)
                }
                var details = ["userName": next.userName, "active": String(next.active)]
                if next.userName != current.userName { details["previousUserName"] = current.userName }
                try await audit.record(
                    AuditEvent(
                        tenant: tenant, at: now, actor: provisioner.actor, action: .scimUserUpdate, target: "scim_user:\(id)", details: details),
                    in: session)
                return Self.render(next, groups: try await Self.groups(of: id, tenant: tenant, in: session), base: base)
            }
        }
    }

    /// The stored record of validated attributes (``SCIMResourceInput`` guarantees a non-empty `userName`).
    static func user(_ id: String, _ attributes: JSONObject, created: Date, updated: Date, version: Int64) -> DirectoryUser {
        var active = true
        if case .bool(let flag)? = attributes["active"] { active = flag }
        return DirectoryUser(
            id: id, userName: attributes["userName"]?.stringValue ?? "", externalId: attributes["externalId"]?.stringValue, active: active,
            attributes: attributes, createdAt: created, updatedAt: updated, version: version)
    }

    /// The full resource, with the read-only `groups` derived from memberships.
    static func render(_ user: DirectoryUser, groups: [(id: String, name: String)], base: String) -> JSONObject {
        var attributes = user.attributes
        if !groups.isEmpty {
            attributes["groups"] = .array(
                groups.map { group in
                    .object([
                        "value": .string(group.id), "$ref": .string("\(base)/Groups/\(group.id)"), "display": .string(group.name),
                        "type": .string("direct"),
                    ])
                })
        }
        return SCIMResourceType.user.render(
            id: user.id, attributes: attributes,
            meta: meta(base: base, endpoint: "/Users", id: user.id, created: user.createdAt, updated: user.updatedAt, version: user.version))
    }

    static func groups(of userId: String, tenant: String, in session: any StoreSession) async throws -> [(id: String, name: String)] {
        var out: [(id: String, name: String)] = []
        for membership in try await session.directoryMemberships(tenant: tenant, userId: userId) {
            if let group = try await session.directoryGroup(tenant: tenant, id: membership.groupId) { out.append((group.id, group.displayName)) }
        }
        return out
    }

    static func groupNames(tenant: String, in session: any StoreSession) async throws -> [String: String] {
        Dictionary(try await session.directoryGroups(tenant: tenant, lookup: nil).map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
    }
}
