import Foundation
import LanyardCore
import LanyardModel

/// ``PostureStore`` in a grouped body: the plain session's.
extension DeferringSession {
    func credentialUsage(tenant: String, now: Date) async throws -> [CredentialUsage] { try await base.credentialUsage(tenant: tenant, now: now) }
    func issuedScopes(tenant: String, since: Date) async throws -> [String: Set<String>] {
        try await base.issuedScopes(tenant: tenant, since: since)
    }
    func trusts(tenant: String) async throws -> [FederationTrust] { try await base.trusts(tenant: tenant) }
    func auditIntegrity(tenant: String) async throws -> AuditIntegrity { try await base.auditIntegrity(tenant: tenant) }
    func auditEvents(tenant: String, after: Int64, through: Int64, actions: [String], markers: [String: [String]], limit: Int) async throws
        -> [AuditEvent]
    {
        try await base.auditEvents(tenant: tenant, after: after, through: through, actions: actions, markers: markers, limit: limit)
    }

    func auditEventCount(tenant: String, actions: [String], since: Date) async throws -> Int64 {
        try await base.auditEventCount(tenant: tenant, actions: actions, since: since)
    }
}
