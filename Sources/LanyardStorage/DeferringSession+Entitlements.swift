import Foundation
import LanyardCore
import LanyardModel

/// ``EntitlementStore`` in a grouped body: the plain session's, so a grant or an end happens inside the body's
/// savepoint and vanishes with it when the body fails.
extension DeferringSession {
    func insertEntitlement(_ entitlement: Entitlement) async throws { try await base.insertEntitlement(entitlement) }
    func entitlement(tenant: String, id: String) async throws -> Entitlement? { try await base.entitlement(tenant: tenant, id: id) }
    func entitlements(tenant: String, filter: EntitlementFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Entitlement] {
        try await base.entitlements(tenant: tenant, filter: filter, after: after, limit: limit)
    }
    func liveEntitlements(tenant: String, at: Date) async throws -> [Entitlement] { try await base.liveEntitlements(tenant: tenant, at: at) }
    func endEntitlement(tenant: String, id: String, status: EntitlementStatus, at: Date, by actor: String, reason: String) async throws
        -> Entitlement?
    {
        try await base.endEntitlement(tenant: tenant, id: id, status: status, at: at, by: actor, reason: reason)
    }
    func expiredEntitlements(at: Date, limit: Int) async throws -> [Entitlement] { try await base.expiredEntitlements(at: at, limit: limit) }
    func recordEntitlementUse(tenant: String, lastUsed: [String: Date]) async throws {
        try await base.recordEntitlementUse(tenant: tenant, lastUsed: lastUsed)
    }
}
