import Foundation
import LanyardModel

/// What a grant must name and respect, checked against the store in the grant's transaction.
extension Entitlements {
    /// The principal of a grant: an identity's reference (with the identity), or another entity's.
    struct Grantee {
        var reference: EntityReference
        var identity: Identity?
    }

    /// Resolves `text`: a Cedar reference `Type::"id"` (an identity's must exist), else an identity id or name. An
    /// identity must be active.
    /// - Throws: `invalid_field` (`principal`); `not_found`; `invalid_state`.
    static func principal(_ text: String, tenant: String, in session: any StoreSession) async throws -> Grantee {
        var identity: Identity?
        var reference: EntityReference
        if text.contains("::") {
            reference = try EntityReference.parse(text, field: "principal", allowWildcard: false)
            if reference.type == LanyardCedarModel.identityType, let id = reference.id {
                guard let found = try await session.identity(tenant: tenant, id: id) else {
                    throw LanyardError(.notFound, "No identity '\(id.prefix(64))' in tenant '\(tenant)'.")
                }
                identity = found
            }
        } else {
            let found = try await Inventory.lookup(text, tenant: tenant, in: session)
            identity = found
            reference = .identity(found.id)
        }
        if let identity, identity.status != .active {
            throw LanyardError(.invalidState, "Identity \(identity.id) is \(identity.status.rawValue); only an active identity is granted access.")
        }
        if let identity { reference = .identity(identity.id) }
        return Grantee(reference: reference, identity: identity)
    }

    /// A resource that is one of Lanyard's own records must exist in this tenant (no grant reaches into another).
    static func requireKnown(_ resource: EntityReference, tenant: String, in session: any StoreSession) async throws {
        guard let id = resource.id else { return }
        switch resource.type {
        case LanyardCedarModel.identityType:
            guard try await session.identity(tenant: tenant, id: id) != nil else {
                throw LanyardError(.notFound, "No identity '\(id.prefix(64))' in tenant '\(tenant)' to grant access to.")
            }
        case LanyardCedarModel.templateType:
            guard try await session.template(tenant: tenant, name: id) != nil else {
                throw LanyardError(.notFound, "No template '\(id.prefix(64))' in tenant '\(tenant)' to grant access to.")
            }
        default: return
        }
    }

    /// Each scope must be one the identity's template grants only with an approval.
    static func checkUnlocked(_ scopes: [String], of identity: Identity, in session: any StoreSession) async throws {
        guard !scopes.isEmpty else { return }
        let template = try await session.template(tenant: identity.tenant, name: identity.template)
        for scope in scopes where !(template.map { $0.allows(scope: scope) && $0.needsApproval(scope: scope) } ?? false) {
            throw LanyardError.invalid(
                "scopes", "Scope '\(scope.prefix(64))' is not one template '\(identity.template)' grants with an approval (its approvalScopes).")
        }
    }

    /// The open task `id` of `identity`.
    static func openTask(_ id: String, of identity: Identity, at now: Date, in session: any StoreSession) async throws -> WorkloadTask {
        guard id.utf8.count <= 64, let task = try await session.task(tenant: identity.tenant, id: id), task.identity == identity.id else {
            throw LanyardError(.notFound, "Identity \(identity.id) has no task '\(id.prefix(64))'.")
        }
        guard task.status(at: now) == .open else { throw LanyardError(.invalidState, "Task \(id) is no longer open.") }
        return task
    }

    /// Cedar action names: 1–32 of them, each 1–128 characters without control characters, duplicates dropped.
    static func checkActions(_ actions: [String]) throws -> [String] {
        guard !actions.isEmpty, actions.count <= maxActions else {
            throw LanyardError.invalid("actions", "Name between 1 and \(maxActions) actions.")
        }
        var unique: [String] = []
        for action in actions where !unique.contains(action) {
            guard !action.isEmpty, action.utf8.count <= 128, !action.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw LanyardError.invalid("actions", "'\(action.prefix(64))' is not an action name (1–128 characters, no control characters).") }
            unique.append(action)
        }
        return unique
    }

    /// The stored entitlement `id`.
    static func stored(_ id: String, tenant: String, in session: any StoreSession) async throws -> Entitlement {
        guard id.utf8.count <= 64, let found = try await session.entitlement(tenant: tenant, id: id) else {
            throw LanyardError(.notFound, "There is no entitlement '\(id.prefix(64))' in tenant '\(tenant)'.")
        }
        return found
    }
}
