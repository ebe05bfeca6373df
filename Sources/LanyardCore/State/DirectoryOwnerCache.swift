import CedarPolicy
import LanyardModel

/// What Lanyard knows of an identity's owner from the tenant's SCIM directory: the person's `Lanyard::User` entity
/// (with their groups as parents) for the decision point, and the names of the groups that grant scopes to their
/// identities (``IdentityTemplate/groupScopes``).
struct DirectoryOwner: Sendable {
    /// `nil` when the owner is no person of the directory.
    let user: Entity?
    /// The `displayName`s of the person's groups; empty when the person is unknown or inactive (an inactive person's
    /// memberships grant nothing).
    let groups: Set<String>

    /// The person of the directory whose userName is `owner` (any case), with their groups.
    static func read(_ owner: String, tenant: String, in session: any StoreSession) async throws -> DirectoryOwner {
        guard let user = try await session.directoryUsers(tenant: tenant, lookup: .userName(owner)).first else {
            return DirectoryOwner(user: nil, groups: [])
        }
        let groups = try await Directory.groups(of: user.id, tenant: tenant, in: session).map(\.name)
        return DirectoryOwner(user: LanyardCedarModel.entity(of: user, groups: groups), groups: user.active ? Set(groups) : [])
    }

    /// The cache key of an owner: userNames compare without regard to case.
    static func key(_ owner: String, tenant: String) -> TenantScopedKey {
        TenantScopedKey(tenant: tenant, id: owner.lowercased())
    }
}

/// Owners as people of the directory, by tenant and lower-cased owner name (userNames compare without regard to
/// case), read by decisions with the identity that names them and by token issuance for scopes granted through
/// groups. Dropped whole by a ``StateChange/directory(tenant:)`` change (``TenantState/apply(_:)``), and aged by
/// ``FreshCache``'s TTL like identities.
typealias DirectoryOwnerCache = FreshCache<TenantScopedKey, DirectoryOwner>

extension TenantState {
    /// The directory groups `owner` of `tenant` is in, by name (empty for no person of the directory or an inactive
    /// one), from memory when a fresh copy is there.
    func ownerGroups(tenant: String, owner: String) async throws -> Set<String> {
        try await directoryOwner(tenant: tenant, owner: owner).groups
    }

    /// `owner` of `tenant` as a person of the directory, from memory when a fresh copy is there.
    func directoryOwner(tenant: String, owner: String) async throws -> DirectoryOwner {
        let key = DirectoryOwner.key(owner, tenant: tenant)
        if let cached = directoryOwners.lookup(key) { return cached }
        let generation = directoryOwners.generation
        let found = try await store.read { try await DirectoryOwner.read(owner, tenant: tenant, in: $0) }
        directoryOwners.store(found, for: key, generation: generation)
        return found
    }
}
