import Foundation
import LanyardAudit
import LanyardModel

extension ExpirySweeper {
    /// Records every access request nobody acted on (or activated) before its expiry as `expired`
    /// (`access_request.expire`). A waiting request past its expiry could not be approved meanwhile anyway (the state
    /// machine refuses). Returns how many were expired.
    @discardableResult
    public func expireAccessRequests() async throws -> Int {
        let now = clock.now()
        let audit = self.audit
        let batchSize = self.batchSize
        return try await inBatches { session in
            try await session.accessRequestsDue(at: now, limit: batchSize)
        } move: { due, session in
            let expired = try due.request.expire(at: now)
            guard try await session.updateAccessRequest(expired, revision: due.revision) else { return false }
            try await audit.record(
                AuditEvent(
                    tenant: expired.tenant, at: now, actor: Self.actor, action: .accessRequestExpire, target: "access_request:\(expired.id)",
                    before: LanyardJSON.value(of: due.request), after: LanyardJSON.value(of: expired), details: ["identity": expired.identity]),
                in: session)
            return true
        }
    }
}
