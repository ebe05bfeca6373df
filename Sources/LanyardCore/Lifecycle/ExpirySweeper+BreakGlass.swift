import Foundation
import LanyardAudit
import LanyardModel

extension ExpirySweeper {
    /// Marks every break-glass whose review is past due without a review as `overdue` and suspends its identity
    /// (credentials revoked, `identity.suspend` by the sweeper naming the break-glass); its entitlement ends if it is
    /// still active; `breakglass.overdue` is audited and sent. Each mark is conditional, so sweeps on several nodes act
    /// once. Returns how many were marked.
    @discardableResult
    public func suspendUnreviewedBreakGlass() async throws -> Int {
        let now = clock.now()
        let batchSize = self.batchSize
        let ending = self.ending
        let audit = self.audit
        let outbox = self.outbox
        return try await inBatches { session in
            try await session.overdueBreakGlasses(at: now, limit: batchSize)
        } move: { record, session in
            guard let overdue = try await session.markBreakGlassOverdue(tenant: record.tenant, id: record.id, at: now) else { return false }
            let reason = "break-glass \(record.id) (incident \(record.incident)) was not reviewed by its due time"
            var details = ["breakGlass": "true", "identity": record.identity, "incident": record.incident, "opener": record.opener]
            var owner = ""
            if let identity = try await session.identity(tenant: record.tenant, id: record.identity) {
                owner = identity.owner
                let suspended = try await Inventory.suspendBySystem(
                    identity, actor: Self.actor, reason: reason, at: now, audit: audit, outbox: outbox, in: session)
                details["suspended"] = suspended == nil ? "false" : "true"
            }
            try await ending.end(record.entitlement, tenant: record.tenant, as: .revoked, reason: reason, actor: Self.actor, at: now, in: session)
            try await audit.record(
                AuditEvent(
                    tenant: record.tenant, at: now, actor: Self.actor, action: .breakGlassOverdue, target: "breakglass:\(record.id)",
                    before: LanyardJSON.value(of: record), after: LanyardJSON.value(of: overdue), details: details),
                in: session)
            try await outbox.queue(.breakGlass(.breakGlassOverdue, overdue, owner: owner, at: now), in: session)
            return true
        }
    }
}
