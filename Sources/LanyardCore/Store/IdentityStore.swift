public import Foundation
public import LanyardModel

/// The inventory: identity templates, identities, their federation trusts and the status of their owners.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken. Every query is
/// scoped by the tenant it is given. Conformance: `IdentityStoreConformance` in `LanyardTesting`.
public protocol IdentityStore: Sendable {
    // Templates
    func insertTemplate(_ template: IdentityTemplate, tenant: String) async throws
    func template(tenant: String, name: String) async throws -> IdentityTemplate?
    /// The tenant's templates by name, only those named after `after` (all when `nil`), at most `limit` (all when `nil`).
    func templates(tenant: String, after: String?, limit: Int?) async throws -> [IdentityTemplate]

    // Identities
    func insertIdentity(_ identity: Identity) async throws
    /// Replaces the stored identity with the same tenant and id.
    func updateIdentity(_ identity: Identity) async throws
    func identity(tenant: String, id: String) async throws -> Identity?
    func identity(tenant: String, name: String) async throws -> Identity?
    func identity(tenant: String, spiffeID: String) async throws -> Identity?
    func identities(tenant: String, filter: IdentityFilter) async throws -> [Identity]
    /// Active, suspended or orphaned identities of any tenant whose `expiresAt` is at or before `instant`, oldest first.
    func identitiesDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [Identity]
    /// Moves an active, suspended or orphaned identity whose `expiresAt` is at or before `at` to `expired` (`updatedAt` =
    /// `at`). Returns whether it did: `false` when it was no longer due (expired by another sweep, or changed).
    func expireIdentity(tenant: String, id: String, at: Date) async throws -> Bool
    /// Orphaned identities of any tenant whose grace period ended at or before `instant`, earliest first (on PostgreSQL
    /// locked, skipping rows another transaction holds).
    func orphansDue(graceEndedAtOrBefore instant: Date, limit: Int) async throws -> [Identity]
    /// Moves an orphaned identity whose grace period ended at or before `at` to `suspended` (`updatedAt` = `at`; the
    /// orphaning times stay, as the record of why). Returns whether it did: `false` when it was transferred or
    /// changed meanwhile.
    func suspendOrphan(tenant: String, id: String, at: Date) async throws -> Bool
    /// Active identities of `template` in `tenant` whose offboarding trigger is `inactivity`, registered at or before
    /// `idleSince` and issued no credential after it, by name, at most `limit` (on PostgreSQL locked, skipping rows
    /// another transaction holds).
    func idleIdentities(tenant: String, template: String, idleSince: Date, limit: Int) async throws -> [Identity]
    /// Number of identities per tenant and status.
    func identityCounts() async throws -> [IdentityCount]

    // Federation trusts
    /// Stores a new trust (`already_exists` if the id is taken).
    func insertTrust(_ trust: FederationTrust) async throws
    /// The trusts of one identity, oldest first.
    func trusts(tenant: String, identityId: String) async throws -> [FederationTrust]
    /// Deletes one trust of an identity; returns it, or nil when there was none.
    func deleteTrust(tenant: String, identityId: String, id: String) async throws -> FederationTrust?

    // Owners
    func setOwnerStatus(tenant: String, _ status: OwnerStatus) async throws
    func ownerStatus(tenant: String, owner: String) async throws -> OwnerStatus?
    /// The tenant's owner statuses by owner, only owners after `after` (all when `nil`), at most `limit` (all when `nil`).
    func ownerStatuses(tenant: String, after: String?, limit: Int?) async throws -> [OwnerStatus]
}

extension IdentityStore {
    /// Every template of `tenant`, by name.
    public func templates(tenant: String) async throws -> [IdentityTemplate] {
        try await templates(tenant: tenant, after: nil, limit: nil)
    }

    /// Every owner status of `tenant`, by owner.
    public func ownerStatuses(tenant: String) async throws -> [OwnerStatus] {
        try await ownerStatuses(tenant: tenant, after: nil, limit: nil)
    }
}
