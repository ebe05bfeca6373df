import Foundation
import LanyardCore
import LanyardModel
import SQLKit
import Synchronization

/// The append-only inserts of a group-commit batch (credential records, used assertions, audit events),
/// collected while the bodies run and written as multi-row INSERTs at the end of the batch: a few statements
/// per batch instead of several per request. Everything else a body does goes to the database at once.
final class DeferredInserts: Sendable {
    private let rows = Mutex((credentials: [CredentialRecord](), assertions: [(String, String, String, Date)](), events: [AuditEvent]()))

    /// Largest rows per INSERT statement (SQLite allows 32,766 bound values).
    static let chunk = 200

    func add(_ record: CredentialRecord) { rows.withLock { $0.credentials.append(record) } }
    func add(assertion tenant: String, _ clientID: String, _ jti: String, _ expiresAt: Date) {
        rows.withLock { $0.assertions.append((tenant, clientID, jti, expiresAt)) }
    }
    func add(_ event: AuditEvent) { rows.withLock { $0.events.append(event) } }

    /// Writes everything collected, in the order it was collected.
    func flush(to db: any SQLDatabase) async throws {
        let (credentials, assertions, events) = rows.withLock { ($0.credentials, $0.assertions, $0.events) }
        for part in stride(from: 0, to: credentials.count, by: Self.chunk) {
            var query: SQLQueryString = """
                INSERT INTO credentials (tenant, jti, identity_id, owner, scopes, audience, issued_at, expires_at, revoked_at, revoke_reason, task_id, parent_jti) VALUES
                """
            for (index, r) in credentials[part..<min(part + Self.chunk, credentials.count)].enumerated() {
                let scopes = try SQLSession.json(r.scopes)
                query += index == 0 ? " " : ", "
                query += """
                    (\(bind: r.tenant), \(bind: r.jti), \(bind: r.identityId), \(bind: r.owner), \(bind: scopes), \(bind: r.audience),
                    \(bind: SQLSession.seconds(r.issuedAt)), \(bind: SQLSession.seconds(r.expiresAt)),
                    \(bind: r.revokedAt.map(SQLSession.seconds)), \(bind: r.revokeReason), \(bind: r.task), \(bind: r.parentJTI))
                    """
            }
            try await db.raw(query).run()
        }
        for part in stride(from: 0, to: assertions.count, by: Self.chunk) {
            var query: SQLQueryString = "INSERT INTO client_assertions (tenant, client_id, jti, expires_at) VALUES"
            for (index, a) in assertions[part..<min(part + Self.chunk, assertions.count)].enumerated() {
                query += index == 0 ? " " : ", "
                query += "(\(bind: a.0), \(bind: a.1), \(bind: a.2), \(bind: SQLSession.seconds(a.3)))"
            }
            try await db.raw(query).run()
        }
        _ = try await AuditAppender.append(events, to: db)
    }
}

/// A session whose append-only inserts go to a ``DeferredInserts`` buffer; everything else is the plain session.
///
/// `appendAuditEvent` returns 0 here: the sequence number is assigned when the batch is flushed.
struct DeferringSession: StoreSession {
    let base: SQLSession
    let deferred: DeferredInserts

    func insertCredential(_ record: CredentialRecord) async throws { deferred.add(record) }
    func recordAssertion(tenant: String, clientID: String, jti: String, expiresAt: Date) async throws {
        deferred.add(assertion: tenant, clientID, jti, expiresAt)
    }
    @discardableResult
    func appendAuditEvent(_ event: AuditEvent) async throws -> Int64 {
        deferred.add(event)
        return 0
    }

    func insertTenant(_ tenant: Tenant) async throws { try await base.insertTenant(tenant) }
    func insertCertificateAuthority(_ record: CertificateAuthorityRecord) async throws { try await base.insertCertificateAuthority(record) }
    func certificateAuthorities(tenant: String) async throws -> [CertificateAuthorityRecord] {
        try await base.certificateAuthorities(tenant: tenant)
    }
    func tenant(named name: String) async throws -> Tenant? { try await base.tenant(named: name) }
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
    func identityCounts() async throws -> [IdentityCount] { try await base.identityCounts() }
    func insertSigningKey(_ record: SigningKeyRecord) async throws { try await base.insertSigningKey(record) }
    func updateSigningKey(_ record: SigningKeyRecord) async throws { try await base.updateSigningKey(record) }
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
    func endTask(tenant: String, id: String, at: Date, by actor: String) async throws -> WorkloadTask? {
        try await base.endTask(tenant: tenant, id: id, at: at, by: actor)
    }
    func endedTasks(unexpiredAt instant: Date) async throws -> [WorkloadTask] { try await base.endedTasks(unexpiredAt: instant) }
    func tasksDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [WorkloadTask] {
        try await base.tasksDue(expiringAtOrBefore: instant, limit: limit)
    }
    func markTaskExpired(tenant: String, id: String) async throws { try await base.markTaskExpired(tenant: tenant, id: id) }
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
