public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// A tenant's own admin policies: read and replaced as versions, validated against the `Lanyard::Admin` schema
/// before they take effect, each change one transaction with its audit event.
extension AdminAuthorizer {
    /// Largest admin policy text accepted.
    public static let maxTenantPolicyBytes = 256 * 1024

    /// The built-in roles, the schema and every operation; with a tenant, also its own admin policies.
    public func policies(tenant: String?) async throws -> AdminPoliciesView {
        var own: AdminPolicyVersion?
        if let tenant {
            let latest = try await store.read { session -> AdminPolicyVersion? in
                guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
                return try await session.latestAdminPolicyVersion(tenant: tenant)
            }
            own =
                latest
                ?? AdminPolicyVersion(
                    tenant: tenant, version: 0, policies: "", author: "system", message: "No tenant admin policies.",
                    createdAt: Date(timeIntervalSince1970: 0))
        }
        return AdminPoliciesView(
            schema: AdminPolicies.schema, builtin: AdminPolicies.builtin, actions: AdminAction.allCases.map(\.rawValue), tenant: own)
    }

    /// Replaces the tenant's admin policies with `request.policies`. Refused (`invalid_field`, listing every
    /// problem) when they do not parse or validate; nothing changes then.
    ///
    /// Invariant under every policy: only administrators (tenant or platform) change admin policies, so no
    /// other role can widen its own entitlements even if a policy said it may.
    public func push(_ request: PushAdminPoliciesRequest, tenant: String, by principal: Principal) async throws -> AdminPolicyVersion {
        try principal.requireActsIn(tenant: tenant)
        guard principal.role == .platformAdmin || principal.role == .tenantAdmin else {
            throw LanyardError(.forbidden, "Only a tenant or platform administrator changes admin policies: nobody widens their own entitlements.")
        }
        guard request.policies.utf8.count <= Self.maxTenantPolicyBytes else {
            throw LanyardError(.payloadTooLarge, "Admin policies may be at most 256 KiB.")
        }
        let message = request.message.trimmingCharacters(in: .whitespaces)
        guard !message.isEmpty, message.utf8.count <= 500 else {
            throw LanyardError.invalid("message", "message must be 1 to 500 characters: say why the admin policies change.")
        }
        if case .failure(let problems) = Self.compileTenantPolicies(request.policies) {
            throw LanyardError(
                .invalidField,
                "The admin policies were not changed; \(problems.problems.count) problem(s): \(problems.problems.prefix(20).joined(separator: "; "))",
                field: "policies")
        }
        let now = clock.now()
        let version = try await store.write { session -> AdminPolicyVersion in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            let previous = try await session.latestAdminPolicyVersion(tenant: tenant)
            let next = AdminPolicyVersion(
                tenant: tenant, version: (previous?.version ?? 0) + 1, policies: request.policies, author: principal.actor, message: message,
                createdAt: now)
            try await session.insertAdminPolicyVersion(next)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .adminPolicyPush, target: "admin_policies:\(tenant)",
                    details: ["version": String(next.version), "message": message, "previous": String(previous?.version ?? 0)]),
                in: session)
            return next
        }
        return version
    }
}
