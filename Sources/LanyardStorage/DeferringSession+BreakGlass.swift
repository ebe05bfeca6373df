import Foundation
import LanyardCore
import LanyardModel

/// ``BreakGlassStore`` in a grouped body: the plain session's, so an open, close or review happens inside the body's
/// savepoint and vanishes with it when the body fails.
extension DeferringSession {
    func insertBreakGlass(_ breakGlass: BreakGlass) async throws { try await base.insertBreakGlass(breakGlass) }
    func breakGlass(tenant: String, id: String) async throws -> BreakGlass? { try await base.breakGlass(tenant: tenant, id: id) }
    func breakGlasses(tenant: String, filter: BreakGlassFilter, at: Date, after: (openedAt: Date, id: String)?, limit: Int?) async throws
        -> [BreakGlass]
    {
        try await base.breakGlasses(tenant: tenant, filter: filter, at: at, after: after, limit: limit)
    }
    func closeBreakGlass(tenant: String, id: String, at: Date, by actor: String) async throws -> BreakGlass? {
        try await base.closeBreakGlass(tenant: tenant, id: id, at: at, by: actor)
    }
    func reviewBreakGlass(tenant: String, id: String, at: Date, by actor: String, note: String) async throws -> BreakGlass? {
        try await base.reviewBreakGlass(tenant: tenant, id: id, at: at, by: actor, note: note)
    }
    func overdueBreakGlasses(at: Date, limit: Int) async throws -> [BreakGlass] { try await base.overdueBreakGlasses(at: at, limit: limit) }
    func markBreakGlassOverdue(tenant: String, id: String, at: Date) async throws -> BreakGlass? {
        try await base.markBreakGlassOverdue(tenant: tenant, id: id, at: at)
    }
}
