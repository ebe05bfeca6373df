import CedarPolicy
import LanyardModel

/// What the decision point knows of an identity's owner from the tenant's SCIM directory: the person's
/// `Lanyard::User` entity (with their groups as parents), or `nil` when the owner is no person of the directory.
struct DirectoryOwner: Sendable {
    let user: Entity?
}

/// Owners as people of the directory, by tenant and lower-cased owner name (userNames compare without regard to
/// case), read by decisions with the identity that names them. Dropped whole by a ``StateChange/directory(tenant:)``
/// change (``TenantState/apply(_:)``), and aged by ``FreshCache``'s TTL like identities.
typealias DirectoryOwnerCache = FreshCache<TenantScopedKey, DirectoryOwner>
