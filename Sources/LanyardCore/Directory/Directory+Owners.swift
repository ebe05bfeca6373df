import Foundation
import LanyardAudit
import LanyardModel

extension Directory {
    /// Makes the owner named `userName` inactive (or active again) when that differs from what is recorded: the same
    /// status row and audit event as `PolicyAdministration.setOwner`, written in the caller's transaction, so decisions
    /// about the identities they own change with the commit.
    func follow(userName: String, active: Bool, reason: String, tenant: String, actor: String, at now: Date, in session: any StoreSession)
        async throws
    {
        let recorded = try await session.ownerStatus(tenant: tenant, owner: userName)
        // An owner never recorded is active: only a deactivation, or a reactivation of a recorded one, is written.
        guard recorded.map({ $0.active != active }) ?? !active else { return }
        let status = OwnerStatus(owner: userName, active: active, changedAt: now, changedBy: actor, reason: reason)
        try await session.setOwnerStatus(tenant: tenant, status)
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: actor, action: active ? .ownerActivate : .ownerDeactivate, target: "owner:\(userName)",
                details: ["owner": userName, "reason": reason]),
            in: session)
    }
}
