import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

extension Inventory {
    /// Brings the expiry of an active or suspended identity forward to `to` from now (never later than it was):
    /// a remediation for an identity that should not live as long as it was registered for. Audited as
    /// `identity.extend` with `details.shortenedTo`; allowed to whoever may extend the identity.
    /// - Throws: `invalid_field` (`duration`) for a span that would not shorten it; `invalid_state`; `not_found`; `forbidden`.
    public func shorten(_ idOrName: String, to text: String, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityExtend, principal, tenant: tenant)
        let span = try TimeSpan(parsing: text, field: "duration")
        let now = clock.now()
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identityExtend, now: now) { identity, _ in
            guard identity.status == .active || identity.status == .suspended else {
                throw LanyardError(
                    .invalidState, "Identity '\(identity.name)' is \(identity.status.rawValue); only active or suspended identities can be shortened.")
            }
            let wanted = now.addingTimeInterval(TimeInterval(span.seconds))
            guard wanted < identity.expiresAt else {
                throw LanyardError.invalid(
                    "duration",
                    "Identity '\(identity.name)' already expires at \(RFC3339Seconds.format(AuditEvent.seconds(of: identity.expiresAt))), before \(span) from now."
                )
            }
            var updated = identity
            updated.expiresAt = wanted
            return (updated, ["shortenedTo": RFC3339Seconds.format(AuditEvent.seconds(of: wanted))])
        }
    }
}
