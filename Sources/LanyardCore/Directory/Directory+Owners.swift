import Foundation
import LanyardModel

extension Directory {
    /// Makes the owner named `userName` inactive (or active again) when that differs from what is recorded, through
    /// ``OwnerLifecycle`` in the caller's transaction: the same status row, audit event, webhook and leaver cascade
    /// as `POST /t/{tenant}/v1/owners/{owner}/deactivate`, so the identities they own are orphaned with the commit.
    func follow(userName: String, active: Bool, reason: String, tenant: String, actor: String, at now: Date, in session: any StoreSession)
        async throws
    {
        let recorded = try await session.ownerStatus(tenant: tenant, owner: userName)
        // An owner never recorded is active: only a deactivation, or a reactivation of a recorded one, is written.
        guard recorded.map({ $0.active != active }) ?? !active else { return }
        try await OwnerLifecycle(audit: audit, random: random).setStatus(
            owner: userName, active: active, reason: reason, tenant: tenant, actor: actor, at: now, in: session)
    }
}
