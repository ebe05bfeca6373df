import Foundation
import LanyardCore
import LanyardModel
import SQLKit
import Synchronization

/// The audit events a grouped body appended, held back until the body has succeeded: the batch then appends every
/// member's events in a few multi-row statements at its end instead of several statements per event, and a body
/// rolled back to its savepoint leaves no event behind.
final class DeferredEvents: Sendable {
    private let events = Mutex([AuditEvent]())

    func add(_ event: AuditEvent) { events.withLock { $0.append(event) } }

    /// Everything added, in order; empties the buffer.
    func take() -> [AuditEvent] {
        events.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }
}

/// A session whose audit events go to a ``DeferredEvents`` buffer; everything else is the plain session (so a unique
/// violation surfaces inside the body's savepoint, where it belongs).
///
/// `appendAuditEvent` returns 0 here: the sequence number is assigned when the batch appends the events.
struct DeferringSession: StoreSession {
    let base: SQLSession
    let deferred: DeferredEvents

    @discardableResult
    func appendAuditEvent(_ event: AuditEvent) async throws -> Int64 {
        guard event.secrets.isEmpty else {
            throw LanyardError(.internal, "An audit event reached storage with unredacted secrets; it was not written.")
        }
        deferred.add(event)
        return 0
    }

    func noteChange(_ change: StateChange) { base.noteChange(change) }
    func insertCredential(_ record: CredentialRecord) async throws { try await base.insertCredential(record) }
    func recordAssertion(tenant: String, clientID: String, jti: String, expiresAt: Date) async throws {
        try await base.recordAssertion(tenant: tenant, clientID: clientID, jti: jti, expiresAt: expiresAt)
    }

    func insertTenant(_ tenant: Tenant) async throws { try await base.insertTenant(tenant) }
    func insertCertificateAuthority(_ record: CertificateAuthorityRecord) async throws { try await base.insertCertificateAuthority(record) }
    func certificateAuthorities(tenant: String) async throws -> [CertificateAuthorityRecord] {
        try await base.certificateAuthorities(tenant: tenant)
    }
    func replaceCertificateAuthority(_ record: CertificateAuthorityRecord, generation: Int64) async throws -> Bool {
        try await base.replaceCertificateAuthority(record, generation: generation)
    }
    func tenant(named name: String) async throws -> Tenant? { try await base.tenant(named: name) }
    func setOwnerDirectory(tenant: String, _ setting: OwnerDirectory) async throws -> Bool {
        try await base.setOwnerDirectory(tenant: tenant, setting)
    }
    func insertTrust(_ trust: FederationTrust) async throws { try await base.insertTrust(trust) }
    func trusts(tenant: String, identityId: String) async throws -> [FederationTrust] {
        try await base.trusts(tenant: tenant, identityId: identityId)
    }
    func deleteTrust(tenant: String, identityId: String, id: String) async throws -> FederationTrust? {
        try await base.deleteTrust(tenant: tenant, identityId: identityId, id: id)
    }
    func tenants(after: String?, limit: Int?) async throws -> [Tenant] { try await base.tenants(after: after, limit: limit) }
    func insertAdminToken(_ record: AdminTokenRecord) async throws { try await base.insertAdminToken(record) }
    func adminToken(hash: String) async throws -> AdminTokenRecord? { try await base.adminToken(hash: hash) }
    func hasPlatformAdminToken() async throws -> Bool { try await base.hasPlatformAdminToken() }
    func adminTokens(tenant: String?, after: (createdAt: Date?, id: String)?, limit: Int?) async throws -> [AdminTokenRecord] {
        try await base.adminTokens(tenant: tenant, after: after, limit: limit)
    }
    func revokeAdminToken(id: String, tenant: String?, at instant: Date) async throws -> Bool {
        try await base.revokeAdminToken(id: id, tenant: tenant, at: instant)
    }
    func usablePlatformAdminTokenCount(at instant: Date) async throws -> Int { try await base.usablePlatformAdminTokenCount(at: instant) }
    func insertAdminPolicyVersion(_ version: AdminPolicyVersion) async throws { try await base.insertAdminPolicyVersion(version) }
    func latestAdminPolicyVersion(tenant: String) async throws -> AdminPolicyVersion? { try await base.latestAdminPolicyVersion(tenant: tenant) }
    func insertTemplate(_ template: IdentityTemplate, tenant: String) async throws { try await base.insertTemplate(template, tenant: tenant) }
    func template(tenant: String, name: String) async throws -> IdentityTemplate? { try await base.template(tenant: tenant, name: name) }
    func templates(tenant: String, after: String?, limit: Int?) async throws -> [IdentityTemplate] {
        try await base.templates(tenant: tenant, after: after, limit: limit)
    }
    func insertIdentity(_ identity: Identity) async throws { try await base.insertIdentity(identity) }
    func updateIdentity(_ identity: Identity) async throws { try await base.updateIdentity(identity) }
    func identity(tenant: String, id: String) async throws -> Identity? { try await base.identity(tenant: tenant, id: id) }
    func identity(tenant: String, name: String) async throws -> Identity? { try await base.identity(tenant: tenant, name: name) }
    func identity(tenant: String, spiffeID: String) async throws -> Identity? { try await base.identity(tenant: tenant, spiffeID: spiffeID) }
    func insertPolicyVersion(_ version: PolicyVersion, policyCount: Int) async throws { try await base.insertPolicyVersion(version, policyCount: policyCount) }
    func latestPolicyVersion(tenant: String) async throws -> PolicyVersion? { try await base.latestPolicyVersion(tenant: tenant) }
    func policyVersion(tenant: String, version: Int) async throws -> PolicyVersion? { try await base.policyVersion(tenant: tenant, version: version) }
    func policyVersionSummaries(tenant: String, before: Int?, limit: Int) async throws -> [PolicyVersionSummary] {
        try await base.policyVersionSummaries(tenant: tenant, before: before, limit: limit)
    }
    func policyEntities(tenant: String) async throws -> [StoredEntity] { try await base.policyEntities(tenant: tenant) }
    func replacePolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws { try await base.replacePolicyEntities(tenant: tenant, entities) }
    func upsertPolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws { try await base.upsertPolicyEntities(tenant: tenant, entities) }
    func deletePolicyEntity(tenant: String, type: String, id: String) async throws -> Bool {
        try await base.deletePolicyEntity(tenant: tenant, type: type, id: id)
    }
    func setOwnerStatus(tenant: String, _ status: OwnerStatus) async throws { try await base.setOwnerStatus(tenant: tenant, status) }
    func ownerStatus(tenant: String, owner: String) async throws -> OwnerStatus? { try await base.ownerStatus(tenant: tenant, owner: owner) }
    func ownerStatuses(tenant: String, after: String?, limit: Int?) async throws -> [OwnerStatus] {
        try await base.ownerStatuses(tenant: tenant, after: after, limit: limit)
    }
    func identities(tenant: String, filter: IdentityFilter) async throws -> [Identity] { try await base.identities(tenant: tenant, filter: filter) }
    func identitiesDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [Identity] {
        try await base.identitiesDue(expiringAtOrBefore: instant, limit: limit)
    }
    func expireIdentity(tenant: String, id: String, at: Date) async throws -> Bool { try await base.expireIdentity(tenant: tenant, id: id, at: at) }
    func orphansDue(graceEndedAtOrBefore instant: Date, limit: Int) async throws -> [Identity] {
        try await base.orphansDue(graceEndedAtOrBefore: instant, limit: limit)
    }
    func suspendOrphan(tenant: String, id: String, at: Date) async throws -> Bool { try await base.suspendOrphan(tenant: tenant, id: id, at: at) }
    func idleIdentities(tenant: String, template: String, idleSince: Date, limit: Int) async throws -> [Identity] {
        try await base.idleIdentities(tenant: tenant, template: template, idleSince: idleSince, limit: limit)
    }
    func identityCounts() async throws -> [IdentityCount] { try await base.identityCounts() }
    func insertSigningKey(_ record: SigningKeyRecord) async throws { try await base.insertSigningKey(record) }
    func updateSigningKey(_ record: SigningKeyRecord, from state: SigningKeyState) async throws -> Bool {
        try await base.updateSigningKey(record, from: state)
    }
    func signingKeys(tenant: String, after: (createdAt: Date, kid: String)?, limit: Int?) async throws -> [SigningKeyRecord] {
        try await base.signingKeys(tenant: tenant, after: after, limit: limit)
    }
    func credential(tenant: String, jti: String) async throws -> CredentialRecord? { try await base.credential(tenant: tenant, jti: jti) }
    func credentials(tenant: String, identityId: String?, after: (issuedAt: Date, jti: String)?, limit: Int) async throws -> [CredentialRecord] {
        try await base.credentials(tenant: tenant, identityId: identityId, after: after, limit: limit)
    }
    func revokeCredentials(tenant: String, target: RevocationTarget, at: Date, reason: String) async throws -> [CredentialRecord] {
        try await base.revokeCredentials(tenant: tenant, target: target, at: at, reason: reason)
    }
    func revokedCredentials(unexpiredAt instant: Date) async throws -> [CredentialRecord] { try await base.revokedCredentials(unexpiredAt: instant) }
    func insertTask(_ task: WorkloadTask) async throws { try await base.insertTask(task) }
    func task(tenant: String, id: String) async throws -> WorkloadTask? { try await base.task(tenant: tenant, id: id) }
    func tasks(tenant: String, identityId: String, limit: Int) async throws -> [WorkloadTask] {
        try await base.tasks(tenant: tenant, identityId: identityId, limit: limit)
    }
    func endTask(tenant: String, id: String, at: Date, by actor: String) async throws -> WorkloadTask? {
        try await base.endTask(tenant: tenant, id: id, at: at, by: actor)
    }
    func endTasks(tenant: String, identityId: String, at: Date, by actor: String) async throws -> [WorkloadTask] {
        try await base.endTasks(tenant: tenant, identityId: identityId, at: at, by: actor)
    }
    func endedTasks(unexpiredAt instant: Date) async throws -> [WorkloadTask] { try await base.endedTasks(unexpiredAt: instant) }
    func tasksDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [WorkloadTask] {
        try await base.tasksDue(expiringAtOrBefore: instant, limit: limit)
    }
    @discardableResult
    func markTaskExpired(tenant: String, id: String) async throws -> Bool { try await base.markTaskExpired(tenant: tenant, id: id) }
    func auditEvents(tenant: String, after: Int64, limit: Int) async throws -> [AuditEvent] {
        try await base.auditEvents(tenant: tenant, after: after, limit: limit)
    }
    func searchAuditEvents(tenant: String, query: AuditQuery) async throws -> [AuditEvent] { try await base.searchAuditEvents(tenant: tenant, query: query) }
    func auditLeaves(tenant: String, after: Int64, limit: Int, content: Bool) async throws -> [AuditLeafRecord] {
        try await base.auditLeaves(tenant: tenant, after: after, limit: limit, content: content)
    }
    func auditHead(tenant: String) async throws -> AuditHead? { try await base.auditHead(tenant: tenant) }
    func pruneAuditEvents(tenant: String, before: Date, upTo: Int64) async throws -> Int64 {
        try await base.pruneAuditEvents(tenant: tenant, before: before, upTo: upTo)
    }
    func insertAuditKey(_ record: AuditKeyRecord) async throws { try await base.insertAuditKey(record) }
    func auditKey(tenant: String) async throws -> AuditKeyRecord? { try await base.auditKey(tenant: tenant) }
    func insertAuditCheckpoint(_ record: AuditCheckpointRecord) async throws -> Bool { try await base.insertAuditCheckpoint(record) }
    func auditCheckpoints(tenant: String) async throws -> [AuditCheckpointRecord] { try await base.auditCheckpoints(tenant: tenant) }
    func auditCheckpoints(tenant: String, afterSize: Int64, limit: Int) async throws -> [AuditCheckpointRecord] {
        try await base.auditCheckpoints(tenant: tenant, afterSize: afterSize, limit: limit)
    }
    func latestAuditCheckpoint(tenant: String) async throws -> AuditCheckpointRecord? { try await base.latestAuditCheckpoint(tenant: tenant) }
}
