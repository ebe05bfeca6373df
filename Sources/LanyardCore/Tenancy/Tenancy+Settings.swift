public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// A tenant's settings: `PUT /t/{tenant}/v1/settings`.
extension Tenancy {
    /// Changes the settings `request` gives (the others stay), audited as `tenant.settings` with the previous value;
    /// a setting given at its current value changes and records nothing. Tenant and platform administrators only.
    /// - Throws: `forbidden`; `invalid_field` (`ownerDirectory`) for a value other than `optional` and `required`;
    ///   `not_found` when there is no such tenant.
    public func updateSettings(_ request: TenantSettingsRequest, tenant: String, by principal: Principal) async throws -> Tenant {
        try AdminRoles.require(.tenantSettings, principal, tenant: tenant)
        let wanted = try request.ownerDirectory.map { try OwnerDirectory.parse($0, field: "ownerDirectory") }
        let now = clock.now()
        return try await store.write { session in
            guard var record = try await session.tenant(named: tenant) else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            guard let wanted, wanted != record.ownerDirectory else { return record }
            let previous = record.ownerDirectory
            guard try await session.setOwnerDirectory(tenant: tenant, wanted) else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            record.ownerDirectory = wanted
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .tenantSettings, target: "tenant:\(tenant)",
                    details: ["setting": "ownerDirectory", "value": wanted.rawValue, "previous": previous.rawValue]),
                in: session)
            return record
        }
    }
}
