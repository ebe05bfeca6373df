import Foundation
public import LanyardAPI
public import LanyardModel

/// The admin API's read of the directory: `GET /t/{tenant}/v1/users[/{user}]` and `/v1/groups[/{group}]`.
///
/// People and groups are changed only by the identity provider over SCIM; administrators read them here, with the
/// identities each person owns. Lists are keyset pages in the order of the lower-cased name (`userName`,
/// `displayName`), which is unique in a tenant.
extension Directory {
    /// One page of the tenant's people by userName (without regard to case), only the active or inactive ones when
    /// `active` is given.
    /// - Throws: `forbidden` for a role that may not read the directory; `invalid_field` (`limit`) outside
    ///   `1 ... 1000`; `invalid_cursor` for a cursor of another list; `not_found` when there is no such tenant.
    public func users(tenant: String, active: Bool?, page: PageRequest, by principal: Principal) async throws -> DirectoryUserList {
        try AdminRoles.require(.userList, principal, tenant: tenant)
        // The filter is part of the list's name, so a cursor of the active people cannot continue the inactive ones.
        let list = "users" + (active.map { $0 ? ":active" : ":inactive" } ?? "")
        let found = try await Page.read(page, list: list) { after, limit in
            try await store.read { session in
                try await Self.requireTenant(tenant, in: session)
                return try await session.directoryUsers(tenant: tenant, after: after?.first, active: active, limit: limit)
            }
        } key: {
            [$0.userName.lowercased()]
        }
        return DirectoryUserList(users: found.items.map(Self.summary), next: found.next)
    }

    /// One person, by userName (without regard to case) or by id (`usr_…`), with their groups and the identities
    /// whose owner is their userName (at most ``DirectoryUserView/maximumIdentities``, and how many in all).
    /// - Throws: `forbidden`; `not_found` when the tenant has no such person (or there is no such tenant).
    public func user(_ reference: String, tenant: String, by principal: Principal) async throws -> DirectoryUserView {
        try AdminRoles.require(.userRead, principal, tenant: tenant)
        return try await store.read { session in
            try await Self.requireTenant(tenant, in: session)
            guard let user = try await Self.findUser(reference, tenant: tenant, in: session) else {
                throw LanyardError(.notFound, "There is no person '\(reference.prefix(100))' in the directory of tenant '\(tenant)'.")
            }
            let groups = try await Self.groups(of: user.id, tenant: tenant, in: session).map(\.name)
            var identities: [OwnedIdentity] = []
            var count = 0
            var after: String?
            // Every identity is counted, a page of 1,000 at a time in name order (the owner column is indexed).
            repeat {
                let page = try await session.identities(tenant: tenant, filter: IdentityFilter(owner: user.userName, limit: 1000, after: after))
                count += page.count
                for identity in page where identities.count < DirectoryUserView.maximumIdentities {
                    identities.append(OwnedIdentity(id: identity.id, name: identity.name, status: identity.status.rawValue))
                }
                after = page.count == 1000 ? page.last?.name : nil
            } while after != nil
            let summary = Self.summary(user)
            return DirectoryUserView(
                id: user.id, userName: user.userName, externalId: user.externalId, displayName: summary.displayName, emails: Self.emails(of: user),
                active: user.active, groups: groups.sorted { $0.lowercased() < $1.lowercased() }, createdAt: user.createdAt,
                updatedAt: user.updatedAt, identities: identities, identityCount: count)
        }
    }

    /// One page of the tenant's groups by displayName (without regard to case).
    /// - Throws: as ``users(tenant:active:page:by:)``.
    public func groups(tenant: String, page: PageRequest, by principal: Principal) async throws -> DirectoryGroupList {
        try AdminRoles.require(.groupList, principal, tenant: tenant)
        let found = try await Page.read(page, list: "groups") { after, limit in
            try await store.read { session in
                try await Self.requireTenant(tenant, in: session)
                return try await session.directoryGroups(tenant: tenant, after: after?.first, limit: limit)
            }
        } key: {
            [$0.displayName.lowercased()]
        }
        return DirectoryGroupList(
            groups: found.items.map {
                DirectoryGroupSummary(id: $0.id, displayName: $0.displayName, externalId: $0.externalId, createdAt: $0.createdAt, updatedAt: $0.updatedAt)
            }, next: found.next)
    }

    /// One group, by displayName (without regard to case) or by id (`grp_…`), with the userNames of its members
    /// (at most ``DirectoryGroupView/maximumMembers``, and how many in all).
    /// - Throws: `forbidden`; `not_found` when the tenant has no such group (or there is no such tenant).
    public func group(_ reference: String, tenant: String, by principal: Principal) async throws -> DirectoryGroupView {
        try AdminRoles.require(.groupRead, principal, tenant: tenant)
        return try await store.read { session in
            try await Self.requireTenant(tenant, in: session)
            var found: DirectoryGroup?
            if reference.hasPrefix("grp_") { found = try await session.directoryGroup(tenant: tenant, id: reference) }
            if found == nil { found = try await session.directoryGroups(tenant: tenant, lookup: .displayName(reference)).first }
            guard let group = found else {
                throw LanyardError(.notFound, "There is no group '\(reference.prefix(100))' in the directory of tenant '\(tenant)'.")
            }
            var members: [String] = []
            for member in try await session.directoryMembers(tenant: tenant, groupIds: [group.id]) {
                if let user = try await session.directoryUser(tenant: tenant, id: member.userId) { members.append(user.userName) }
            }
            members.sort { $0.lowercased() < $1.lowercased() }
            return DirectoryGroupView(
                id: group.id, displayName: group.displayName, externalId: group.externalId, createdAt: group.createdAt, updatedAt: group.updatedAt,
                members: Array(members.prefix(DirectoryGroupView.maximumMembers)), memberCount: members.count)
        }
    }

    // MARK: Helpers

    /// The person a reference names: an id (`usr_…`) first, else a userName without regard to case.
    static func findUser(_ reference: String, tenant: String, in session: any StoreSession) async throws -> DirectoryUser? {
        if reference.hasPrefix("usr_"), let user = try await session.directoryUser(tenant: tenant, id: reference) { return user }
        return try await session.directoryUsers(tenant: tenant, lookup: .userName(reference)).first
    }

    static func summary(_ user: DirectoryUser) -> DirectoryUserSummary {
        let displayName = user.attributes["displayName"]?.stringValue ?? user.attributes["name"]?["formatted"]?.stringValue
        return DirectoryUserSummary(
            id: user.id, userName: user.userName, externalId: user.externalId, displayName: displayName, active: user.active,
            createdAt: user.createdAt, updatedAt: user.updatedAt)
    }

    /// The `value`s of the SCIM `emails`, in order.
    static func emails(of user: DirectoryUser) -> [String] {
        guard case .array(let emails)? = user.attributes["emails"] else { return [] }
        return emails.compactMap { $0["value"]?.stringValue }
    }

    static func requireTenant(_ tenant: String, in session: any StoreSession) async throws {
        guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
    }
}
