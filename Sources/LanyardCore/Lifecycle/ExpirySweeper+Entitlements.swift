import Foundation
import LanyardModel

extension ExpirySweeper {
    /// Records every active entitlement past its expiry as `expired` (``EntitlementEnding``: audited as
    /// `entitlement.end`, `entitlement.ended` queued, tokens it unlocked revoked). The decision point stopped honouring
    /// each at its expiry already; this keeps the record and its webhook honest. Returns how many were ended.
    @discardableResult
    public func endExpiredEntitlements() async throws -> Int {
        let now = clock.now()
        let ending = self.ending
        let batchSize = self.batchSize
        return try await inBatches { session in
            try await session.expiredEntitlements(at: now, limit: batchSize)
        } move: { entitlement, session in
            try await ending.end(
                entitlement.id, tenant: entitlement.tenant, as: .expired, reason: "reached its expiry", actor: Self.actor, at: now, in: session)
                != nil
        }
    }
}
