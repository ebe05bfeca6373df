public import LanyardModel

/// The owner rule of a tenant whose owners come from its directory (``OwnerDirectory/required``).
extension Directory {
    /// Checks that `owner` may own an identity of `tenant`: always when the tenant's setting is `optional`; when it is
    /// `required`, only the exact `userName` of an active person of the tenant's SCIM directory. Exact, because owner
    /// statuses follow the userName as the directory spells it: an owner in other letters would not be deactivated
    /// with the person. Runs in the caller's transaction (registration; transfer and graduation can call it too).
    /// - Throws: `invalid_field` (`field`, by default `owner`) with a sentence saying what is missing; `not_found` when there is no such
    ///   tenant.
    public static func requireOwner(_ owner: String, tenant: String, field: String = "owner", in session: any StoreSession) async throws {
        guard let record = try await session.tenant(named: tenant) else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
        guard record.ownerDirectory == .required else { return }
        let shown = String(owner.prefix(100))
        let rule = "tenant '\(tenant)' requires owners to be active people of its directory (ownerDirectory: required)"
        guard let user = try await session.directoryUsers(tenant: tenant, lookup: .userName(owner)).first else {
            throw LanyardError.invalid(field, "There is no person '\(shown)' in the directory, and \(rule); `lanyard user list` shows who there is.")
        }
        guard user.userName == owner else {
            throw LanyardError.invalid(field, "The directory spells this person '\(user.userName)', not '\(shown)'; \(rule), by their exact userName.")
        }
        guard user.active else {
            throw LanyardError.invalid(field, "'\(shown)' is deactivated in the directory, and \(rule).")
        }
    }

    /// Checks that `owner` is an active person of the directory in the group named `group` (its `displayName`, exactly):
    /// the rule of a template with an ``IdentityTemplate/ownerGroup``, at registration, transfer and graduation.
    /// - Throws: `invalid_field` (`field`) saying what is missing.
    public static func requireMember(_ owner: String, of group: String, template: String, field: String, in session: any StoreSession, tenant: String)
        async throws
    {
        let shown = String(owner.prefix(100))
        let rule = "template '\(template)' requires its owners to be in the directory group '\(group)'"
        guard let user = try await session.directoryUsers(tenant: tenant, lookup: .userName(owner)).first, user.userName == owner, user.active
        else {
            throw LanyardError.invalid(field, "'\(shown)' is not an active person of the directory, and \(rule).")
        }
        let groups = Set(try await session.directoryMemberships(tenant: tenant, userId: user.id).map(\.groupId))
        let named = try await session.directoryGroups(tenant: tenant, lookup: .displayName(group)).filter { $0.displayName == group }
        guard named.contains(where: { groups.contains($0.id) }) else {
            throw LanyardError.invalid(field, "'\(shown)' is not in the group '\(group)', and \(rule).")
        }
    }
}
