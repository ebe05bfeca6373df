import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

extension Inventory {
    /// Turns a prototype into a managed service, in one transaction: a new identity of a `managed`-stage template
    /// (new owner, new keys, no trusts, its own expiry, `graduatedFrom` = the prototype) is registered, and the
    /// prototype is retired — offboarded with `graduatedTo` = the new identity, its credentials revoked and its trusts
    /// removed. Audited as `identity.register` (the new one) and `identity.graduate` (the prototype); webhooks
    /// `identity.registered` and `identity.graduated`.
    /// - Throws: `invalid_field` for the request's fields, a template that is not of the `managed` stage, or a taken
    ///   name; `invalid_state` for an identity that is not an active, suspended or orphaned prototype, or an inactive
    ///   new owner; `not_found`; `forbidden`.
    public func graduate(_ idOrName: String, into request: GraduateIdentityRequest, tenant: String, by principal: Principal) async throws
        -> Graduation
    {
        try AdminRoles.requireOnSomeIdentity(.identityGraduate, principal, tenant: tenant)
        let reason = try NameRules.checkText(request.reason, field: "reason", maxLength: Limits.reasonLength, required: true) ?? ""
        // The fields the new identity inherits are only known inside the transaction; the rest is checked now.
        _ = try Registration(registration(of: request, defaults: nil))
        let now = clock.now()
        let retired = try await change(idOrName, tenant: tenant, principal: principal, action: .identityGraduate, now: now, revokesCredentials: true) {
            prototype, session in
            guard prototype.stage == .prototype else {
                throw LanyardError(.invalidState, "Identity '\(prototype.name)' is already \(prototype.stage.rawValue); only a prototype graduates.")
            }
            guard [.active, .suspended, .orphaned].contains(prototype.status) else {
                throw LanyardError(
                    .invalidState, "Identity '\(prototype.name)' is \(prototype.status.rawValue); only an active, suspended or orphaned prototype graduates.")
            }
            var registration = try Registration(registration(of: request, defaults: prototype))
            registration.graduatedFrom = prototype.id
            let managed = try await insert(registration, tenant: tenant, principal: principal, now: now, in: session)
            guard managed.stage == .managed else {
                throw LanyardError.invalid("template", "Template '\(request.template)' is of the \(managed.stage.rawValue) stage; graduate into a managed one.")
            }
            var updated = prototype
            updated.status = .offboarded
            updated.offboardingTrigger = .graduation
            updated.offboardReason = "graduated to '\(managed.name)': \(reason)"
            updated.graduatedTo = managed.id
            updated.orphanGraceEndsAt = nil
            return (updated, ["to": managed.id, "toName": managed.name, "owner": managed.owner, "reason": reason])
        }
        let managed = try await store.read { session in
            try await session.identity(tenant: tenant, id: retired.graduatedTo ?? "")
        }
        guard let managed else { throw LanyardError(.internal, "The graduated identity of '\(retired.name)' was not stored.") }
        return Graduation(prototype: retired, identity: managed)
    }

    /// The registration of the managed identity: the request's fields, and the prototype's where it names none.
    private func registration(of request: GraduateIdentityRequest, defaults prototype: Identity?) -> RegisterIdentityRequest {
        let kind = request.kind ?? prototype.map { $0.kind == .prototype ? IdentityKind.app.rawValue : $0.kind.rawValue } ?? IdentityKind.app.rawValue
        return RegisterIdentityRequest(
            name: request.name, kind: kind, owner: request.owner, backupOwner: request.backupOwner ?? prototype?.backupOwner,
            purpose: request.purpose ?? prototype?.purpose ?? "graduated", environment: request.environment, template: request.template,
            expiresIn: request.expiresIn, dataClass: request.dataClass,
            allowedDestinations: request.allowedDestinations ?? prototype?.allowedDestinations, publicKeys: request.publicKeys)
    }
}
