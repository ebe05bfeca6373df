public import Foundation
public import LanyardModel

/// Each tenant's entitlements: granted in the transaction of the decision that grants them, ended (never deleted)
/// in the one that ends them, so they stay as history.
///
/// Inserting or ending one notes ``StateChange/entitlements(tenant:)``, so every node's decision point follows.
/// Conformance: `EntitlementStoreConformance` in `LanyardTesting`.
public protocol EntitlementStore: Sendable {
    /// Stores a new entitlement (`already_exists` if the id is taken).
    func insertEntitlement(_ entitlement: Entitlement) async throws
    func entitlement(tenant: String, id: String) async throws -> Entitlement?
    /// Entitlements of `tenant` matching `filter`, newest first (`createdAt` descending, then `id`), only those after
    /// the position `after` in that order, at most `limit` (all when `nil`).
    func entitlements(tenant: String, filter: EntitlementFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Entitlement]
    /// The tenant's `active` entitlements that have not expired at `at`, by id (what the decision point loads).
    func liveEntitlements(tenant: String, at: Date) async throws -> [Entitlement]
    /// Ends the entitlement if it is still `active`: sets `status`, `endedAt`, `endedBy` and `endReason`. Returns it
    /// as ended, or nil when it was not active (so that of two racing ends, exactly one wins).
    func endEntitlement(tenant: String, id: String, status: EntitlementStatus, at: Date, by actor: String, reason: String) async throws
        -> Entitlement?
    /// `active` entitlements of any tenant whose expiry is at or before `at`, oldest expiry first, at most `limit`.
    func expiredEntitlements(at: Date, limit: Int) async throws -> [Entitlement]
    /// Records the last decision each entitlement allowed (only moves `lastUsedAt` forward).
    func recordEntitlementUse(tenant: String, lastUsed: [String: Date]) async throws
}
