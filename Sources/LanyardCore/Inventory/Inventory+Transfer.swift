import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

extension Inventory {
    /// Moves an identity to a new owner, who must be active, with a reason; audited as `identity.transfer` and
    /// reported as `identity.transferred`.
    ///
    /// An `orphaned` identity becomes `active` again under its new owner (its credentials were revoked when it was
    /// orphaned, so it starts with none) and its `orphaned-identity` finding is resolved. A suspended one stays
    /// suspended: the new owner resumes it. Expired and offboarded identities cannot be transferred.
    /// - Throws: `invalid_field` (`to`, `reason`); `invalid_state` for an expired or offboarded identity, or a new owner
    ///   who is inactive; `not_found`; `forbidden`.
    public func transfer(_ idOrName: String, to newOwner: String, reason: String?, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityTransfer, principal, tenant: tenant)
        let owner = try NameRules.checkText(newOwner, field: "to", maxLength: Limits.ownerLength, required: true) ?? ""
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Limits.reasonLength, required: true) ?? ""
        let now = clock.now()
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identityTransfer, now: now) { identity, session in
            try await Self.transferred(identity, to: owner, reason: reason, in: session)
        }
    }

    /// `identity` under the new `owner` (checked: active, in the directory, in the template's owner group), with the
    /// event's details; not stored. Shared by ``transfer(_:to:reason:tenant:by:)`` and review decisions.
    /// - Throws: `invalid_state` for an identity that cannot be transferred; `invalid_field` (`to`).
    static func transferred(_ identity: Identity, to owner: String, reason: String, in session: any StoreSession) async throws
        -> (Identity, [String: String])
    {
        let tenant = identity.tenant
        guard [.active, .suspended, .orphaned].contains(identity.status) else {
            throw LanyardError(
                .invalidState,
                "Identity '\(identity.name)' is \(identity.status.rawValue); only active, suspended or orphaned identities can be transferred.")
        }
        guard owner != identity.owner || identity.status == .orphaned else {
            throw LanyardError.invalid("to", "Identity '\(identity.name)' is already owned by '\(owner)'.")
        }
        try await requireActiveOwner(owner, tenant: tenant, field: "to", in: session)
        try await Directory.requireOwner(owner, tenant: tenant, field: "to", in: session)
        if let group = try await session.template(tenant: tenant, name: identity.template)?.ownerGroup {
            try await Directory.requireMember(owner, of: group, template: identity.template, field: "to", in: session, tenant: tenant)
        }
        var updated = identity
        updated.owner = owner
        updated.orphanedAt = nil
        updated.orphanGraceEndsAt = nil
        if identity.status == .orphaned { updated.status = .active }
        return (updated, ["from": identity.owner, "to": owner, "reason": reason])
    }
}
