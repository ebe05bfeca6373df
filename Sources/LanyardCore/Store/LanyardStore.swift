public import Foundation
public import LanyardModel

/// Durable storage for everything Lanyard keeps, behind one narrow interface.
///
/// Implementations MUST:
/// - run the body of ``write(_:)`` as one transaction: either every change in it is durable when it returns,
///   or none is (an error thrown from the body rolls everything back);
/// - never return from ``write(_:)`` before the transaction is durable (committed and synced);
/// - scope every query by the tenant it is given.
///
/// `LanyardStorage` provides the SQL implementation (SQLite and PostgreSQL); `LanyardTesting` runs the same
/// conformance suite against each.
public protocol LanyardStore: Sendable {
    /// Runs `body` against a consistent view of committed data.
    func read<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Runs `body` in one durable, all-or-nothing transaction.
    func write<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Like ``write(_:)``, but the body may share one transaction (and one durable commit) with other
    /// concurrent bodies and appends: group commit. Each body runs exactly once, inside a savepoint of its own, so
    /// its error rolls back only its changes and never re-runs another body. Nothing returns before the shared
    /// transaction is durable; when the commit itself fails, every member of the batch gets that error.
    func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Appends `rows` durably, in the same group commit as other concurrent appends and grouped writes: the hot
    /// paths' write (issuance, refusals, decision records). Returns once the rows are durable.
    ///
    /// - Throws: `already_exists` when the assertion was used before or the credential id is taken; then none of
    ///   `rows` is written and every other member of the batch commits unaffected.
    func append(_ rows: DurableAppend) async throws
    /// One identity by id, possibly from a short-lived cache for the hot paths (token issuance, SVIDs, tasks).
    /// MUST reflect every write made through this store that has returned; writes made elsewhere (another node)
    /// may take up to a second to show.
    func identity(tenant: String, id: String) async throws -> Identity?
    /// Throws unless the database answers a trivial query.
    func checkHealth() async throws
}

/// The operations available inside ``LanyardStore/read(_:)`` and ``LanyardStore/write(_:)``.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken.
public protocol StoreSession: Sendable {
    // Tenants
    func insertTenant(_ tenant: Tenant) async throws
    func tenant(named name: String) async throws -> Tenant?
    /// Tenants by name, only those named after `after` (all when `nil`), at most `limit` (all when `nil`).
    func tenants(after: String?, limit: Int?) async throws -> [Tenant]

    // Administrator tokens
    func insertAdminToken(_ record: AdminTokenRecord) async throws
    func adminToken(hash: String) async throws -> AdminTokenRecord?
    func hasPlatformAdminToken() async throws -> Bool
    /// The tenant's administrator tokens (`nil`: the platform tokens), revoked ones included, newest first (`createdAt`
    /// descending, a token without one last, then `id`): only those after `after` in that order (the creation time,
    /// `nil` for none, and the id of the last token of the previous page), at most `limit` (all when `nil`).
    func adminTokens(tenant: String?, after: (createdAt: Date?, id: String)?, limit: Int?) async throws -> [AdminTokenRecord]
    /// Marks a token revoked; `false` when the tenant has no such token or it is revoked already.
    func revokeAdminToken(id: String, tenant: String?, at instant: Date) async throws -> Bool
    /// Platform administrator tokens neither revoked nor expired at `instant`.
    func usablePlatformAdminTokenCount(at instant: Date) async throws -> Int

    // Tenant admin policies
    func insertAdminPolicyVersion(_ version: AdminPolicyVersion) async throws
    func latestAdminPolicyVersion(tenant: String) async throws -> AdminPolicyVersion?

    // Templates
    func insertTemplate(_ template: IdentityTemplate, tenant: String) async throws
    func template(tenant: String, name: String) async throws -> IdentityTemplate?
    /// The tenant's templates by name, only those named after `after` (all when `nil`), at most `limit` (all when `nil`).
    func templates(tenant: String, after: String?, limit: Int?) async throws -> [IdentityTemplate]

    // Identities
    func insertIdentity(_ identity: Identity) async throws
    /// Replaces the stored identity with the same tenant and id.
    func updateIdentity(_ identity: Identity) async throws
    func identity(tenant: String, id: String) async throws -> Identity?
    func identity(tenant: String, name: String) async throws -> Identity?
    func identity(tenant: String, spiffeID: String) async throws -> Identity?
    func identities(tenant: String, filter: IdentityFilter) async throws -> [Identity]
    /// Active or suspended identities of any tenant whose `expiresAt` is at or before `instant`, oldest first.
    func identitiesDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [Identity]
    /// Number of identities per tenant and status.
    func identityCounts() async throws -> [IdentityCount]

    // Signing keys
    func insertSigningKey(_ record: SigningKeyRecord) async throws
    /// Updates the state and `publishUntil` of a stored key.
    func updateSigningKey(_ record: SigningKeyRecord) async throws
    /// The tenant's signing keys, oldest first (`createdAt`, then `kid`): only those after `after` in that order (all
    /// when `nil`), at most `limit` (all when `nil`).
    func signingKeys(tenant: String, after: (createdAt: Date, kid: String)?, limit: Int?) async throws -> [SigningKeyRecord]

    // SPIFFE certificate authorities
    /// Stores a tenant's CA (`already_exists` when the tenant already has one in that role).
    func insertCertificateAuthority(_ record: CertificateAuthorityRecord) async throws
    /// The tenant's stored CAs (root and intermediate), if any.
    func certificateAuthorities(tenant: String) async throws -> [CertificateAuthorityRecord]

    // Credentials
    func insertCredential(_ record: CredentialRecord) async throws
    func credential(tenant: String, jti: String) async throws -> CredentialRecord?
    /// Credentials of `tenant` (of one identity when given), newest first (`issuedAt` descending, then `jti`), only
    /// those after `after` in that order (the `issuedAt` and `jti` of the last credential of the previous page).
    func credentials(tenant: String, identityId: String?, after: (issuedAt: Date, jti: String)?, limit: Int) async throws -> [CredentialRecord]
    /// Revokes the matching credentials that are neither revoked nor expired at `at`; returns them as revoked.
    func revokeCredentials(tenant: String, target: RevocationTarget, at: Date, reason: String) async throws -> [CredentialRecord]
    /// Every revoked credential of any tenant that has not expired by `instant` (to rebuild the revocation list).
    func revokedCredentials(unexpiredAt instant: Date) async throws -> [CredentialRecord]
    /// Records a used client-assertion `jti`; throws `already_exists` when it was used before (a replay).
    func recordAssertion(tenant: String, clientID: String, jti: String, expiresAt: Date) async throws

    // Tasks
    /// Stores a new task (`already_exists` if the id is taken).
    func insertTask(_ task: WorkloadTask) async throws
    func task(tenant: String, id: String) async throws -> WorkloadTask?
    /// Marks an open task ended at `at` by `actor`; returns the ended task, or nil when it was not open (ended
    /// before, or expired by `at`).
    func endTask(tenant: String, id: String, at: Date, by actor: String) async throws -> WorkloadTask?
    /// Every ended task of any tenant that would not have expired by `instant` (to rebuild the revocation list).
    func endedTasks(unexpiredAt instant: Date) async throws -> [WorkloadTask]
    /// Open tasks of any tenant whose `expiresAt` is at or before `instant`, oldest first.
    func tasksDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [WorkloadTask]
    /// Records that an open task expired (`endedAt` = its `expiresAt`, `endedBy` = ``WorkloadTask/expiryActor``).
    func markTaskExpired(tenant: String, id: String) async throws

    // Federation trusts
    /// Stores a new trust (`already_exists` if the id is taken).
    func insertTrust(_ trust: FederationTrust) async throws
    /// The trusts of one identity, oldest first.
    func trusts(tenant: String, identityId: String) async throws -> [FederationTrust]
    /// Deletes one trust of an identity; returns it, or nil when there was none.
    func deleteTrust(tenant: String, identityId: String, id: String) async throws -> FederationTrust?

    // Policy store
    /// Stores a new policy-store version (`already_exists` if that version number is taken).
    func insertPolicyVersion(_ version: PolicyVersion, policyCount: Int) async throws
    func latestPolicyVersion(tenant: String) async throws -> PolicyVersion?
    func policyVersion(tenant: String, version: Int) async throws -> PolicyVersion?
    /// Versions of `tenant` numbered below `before` (all when `nil`), newest first, without their texts.
    func policyVersionSummaries(tenant: String, before: Int?, limit: Int) async throws -> [PolicyVersionSummary]

    // Entity data of the policies
    /// Every stored entity of `tenant`.
    func policyEntities(tenant: String) async throws -> [StoredEntity]
    /// Replaces all of `tenant`'s entities with `entities`.
    func replacePolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws
    /// Inserts `entities`, replacing stored ones with the same type and id.
    func upsertPolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws
    /// Deletes one entity; whether there was one.
    func deletePolicyEntity(tenant: String, type: String, id: String) async throws -> Bool

    // Owners
    func setOwnerStatus(tenant: String, _ status: OwnerStatus) async throws
    func ownerStatus(tenant: String, owner: String) async throws -> OwnerStatus?
    /// The tenant's owner statuses by owner, only owners after `after` (all when `nil`), at most `limit` (all when `nil`).
    func ownerStatuses(tenant: String, after: String?, limit: Int?) async throws -> [OwnerStatus]

    // Audit trail
    /// Appends an event to its tenant's log and returns its sequence number: the next of the tenant (from a
    /// per-tenant counter updated in the same transaction), with the canonical leaf and its hash stored with it.
    /// Refuses (`internal_error`) an event that still carries ``AuditEvent/secrets``.
    @discardableResult
    func appendAuditEvent(_ event: AuditEvent) async throws -> Int64
    /// Events of `tenant` with a sequence number above `after`, oldest first (pruned events are skipped).
    func auditEvents(tenant: String, after: Int64, limit: Int) async throws -> [AuditEvent]
    /// Events of `tenant` matching `query`, oldest first (pruned events are skipped).
    func searchAuditEvents(tenant: String, query: AuditQuery) async throws -> [AuditEvent]
    /// Stored leaves of `tenant` with a sequence number above `after`, in sequence order, pruned ones included.
    /// Without `content` only sequence numbers and leaf hashes are read (to rebuild the tree).
    func auditLeaves(tenant: String, after: Int64, limit: Int, content: Bool) async throws -> [AuditLeafRecord]
    /// The size and pruned prefix of the tenant's log; nil before its first event.
    func auditHead(tenant: String) async throws -> AuditHead?
    /// Drops the content (not the leaf hashes) of the oldest events: the longest prefix of events recorded before
    /// `before`, but none after `upTo` (the size of a checkpoint). Returns the new pruned prefix length.
    func pruneAuditEvents(tenant: String, before: Date, upTo: Int64) async throws -> Int64
    /// Stores a tenant's audit keys; `already_exists` when it has some.
    func insertAuditKey(_ record: AuditKeyRecord) async throws
    func auditKey(tenant: String) async throws -> AuditKeyRecord?
    /// Stores a checkpoint; returns false (and keeps the stored one) when one of that size exists.
    func insertAuditCheckpoint(_ record: AuditCheckpointRecord) async throws -> Bool
    /// Every checkpoint of `tenant`, smallest size first.
    func auditCheckpoints(tenant: String) async throws -> [AuditCheckpointRecord]
    /// At most `limit` checkpoints of `tenant` larger than `afterSize`, smallest size first.
    func auditCheckpoints(tenant: String, afterSize: Int64, limit: Int) async throws -> [AuditCheckpointRecord]
    /// The checkpoint of `tenant` with the largest size.
    func latestAuditCheckpoint(tenant: String) async throws -> AuditCheckpointRecord?
}

extension StoreSession {
    /// Every tenant, by name.
    public func tenants() async throws -> [Tenant] {
        try await tenants(after: nil, limit: nil)
    }

    /// Every administrator token of `tenant` (`nil`: the platform tokens), newest first.
    public func adminTokens(tenant: String?) async throws -> [AdminTokenRecord] {
        try await adminTokens(tenant: tenant, after: nil, limit: nil)
    }

    /// Every template of `tenant`, by name.
    public func templates(tenant: String) async throws -> [IdentityTemplate] {
        try await templates(tenant: tenant, after: nil, limit: nil)
    }

    /// Every signing key of `tenant`, oldest first.
    public func signingKeys(tenant: String) async throws -> [SigningKeyRecord] {
        try await signingKeys(tenant: tenant, after: nil, limit: nil)
    }

    /// Every owner status of `tenant`, by owner.
    public func ownerStatuses(tenant: String) async throws -> [OwnerStatus] {
        try await ownerStatuses(tenant: tenant, after: nil, limit: nil)
    }

    /// The first `limit` credentials of `tenant` (of one identity when given), newest first.
    public func credentials(tenant: String, identityId: String?, limit: Int) async throws -> [CredentialRecord] {
        try await credentials(tenant: tenant, identityId: identityId, after: nil, limit: limit)
    }
}

/// How many identities of a tenant have a status.
public struct IdentityCount: Sendable, Hashable {
    public var tenant: String
    public var status: IdentityStatus
    public var count: Int
    public init(tenant: String, status: IdentityStatus, count: Int) {
        self.tenant = tenant
        self.status = status
        self.count = count
    }
}
