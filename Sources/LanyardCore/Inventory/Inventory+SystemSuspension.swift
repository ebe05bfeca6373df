import Foundation
import LanyardAudit
import LanyardModel

extension Inventory {
    /// Suspends an active identity on the system's own decision (no administrator asked): the same effects as
    /// ``suspend(_:reason:tenant:by:)`` — status `suspended`, every live credential revoked, `identity.suspend` audited
    /// with `reason` and `identity.suspended` queued — inside the caller's transaction, as `actor`. Returns the identity
    /// suspended, or nil when it was not active (nothing to do, nothing recorded).
    static func suspendBySystem(
        _ identity: Identity, actor: String, reason: String, at now: Date, audit: any AuditLog, outbox: WebhookOutbox, in session: any StoreSession
    ) async throws -> Identity? {
        guard identity.status == .active else { return nil }
        var suspended = identity
        suspended.status = .suspended
        suspended.updatedAt = now
        try await session.updateIdentity(suspended)
        let revoked = try await session.revokeCredentials(
            tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: AuditAction.identitySuspend.rawValue)
        let details = ["reason": reason, "revokedCredentials": String(revoked.count)]
        try await audit.record(
            AuditEvent(
                tenant: identity.tenant, at: now, actor: actor, action: .identitySuspend, target: "identity:\(identity.id)",
                before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: suspended), details: details),
            in: session)
        try await outbox.queue(.identity(.identitySuspended, suspended, at: now, details: details), in: session)
        return suspended
    }
}
