public import Foundation
public import LanyardModel

/// Tenants and who administers them: the tenants, their administrator tokens and the tenant admin policies.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken. Conformance:
/// `TenantStoreConformance` in `LanyardTesting`.
public protocol TenantStore: Sendable {
    // Tenants
    func insertTenant(_ tenant: Tenant) async throws
    func tenant(named name: String) async throws -> Tenant?
    /// Changes a tenant's ``OwnerDirectory`` setting; `false` when there is no such tenant.
    func setOwnerDirectory(tenant: String, _ setting: OwnerDirectory) async throws -> Bool
    /// Tenants by name, only those named after `after` (all when `nil`), at most `limit` (all when `nil`).
    func tenants(after: String?, limit: Int?) async throws -> [Tenant]

    // Administrator tokens
    func insertAdminToken(_ record: AdminTokenRecord) async throws
    func adminToken(hash: String) async throws -> AdminTokenRecord?
    func hasPlatformAdminToken() async throws -> Bool
    /// The tenant's administrator tokens (`nil`: the platform tokens), revoked ones included, newest first (`createdAt`
    /// descending, a token without one last, then `id`): only those after `after` in that order (the creation time,
    /// `nil` for none, and the id of the last token of the previous page), at most `limit` (all when `nil`).
    func adminTokens(tenant: String?, after: (createdAt: Date?, id: String)?, limit: Int?) async throws -> [AdminTokenRecord]
    /// Marks a token revoked; `false` when the tenant has no such token or it is revoked already.
    func revokeAdminToken(id: String, tenant: String?, at instant: Date) async throws -> Bool
    /// Platform administrator tokens neither revoked nor expired at `instant`.
    func usablePlatformAdminTokenCount(at instant: Date) async throws -> Int

    // Tenant admin policies
    func insertAdminPolicyVersion(_ version: AdminPolicyVersion) async throws
    func latestAdminPolicyVersion(tenant: String) async throws -> AdminPolicyVersion?
}

extension TenantStore {
    /// Every tenant, by name.
    public func tenants() async throws -> [Tenant] {
        try await tenants(after: nil, limit: nil)
    }

    /// Every administrator token of `tenant` (`nil`: the platform tokens), newest first.
    public func adminTokens(tenant: String?) async throws -> [AdminTokenRecord] {
        try await adminTokens(tenant: tenant, after: nil, limit: nil)
    }
}
