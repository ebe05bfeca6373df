public import Foundation
public import LanyardModel

/// Aggregates over a tenant's records for the detection rules and the posture report: computed by the database in
/// one statement each, so they stay cheap at tens of thousands of identities and millions of rows.
/// Conformance: `PostureStoreConformance` in `LanyardTesting`.
public protocol PostureStore: Sendable {
    /// Per identity of `tenant` that was ever issued a credential: when the last one was issued, how many are live at
    /// `now` (neither expired nor revoked), and the longest lifetime among the live ones.
    func credentialUsage(tenant: String, now: Date) async throws -> [CredentialUsage]
    /// The scopes issued to each identity of `tenant` (by id) in credentials issued at or after `since`.
    func issuedScopes(tenant: String, since: Date) async throws -> [String: Set<String>]
    /// Every federation trust of `tenant`, by identity then id.
    func trusts(tenant: String) async throws -> [FederationTrust]
    /// What the audit log of `tenant` holds: its head, and how many leaves are stored between the pruned prefix and
    /// the head (a gap shows as fewer rows than the head says). It counts every stored leaf: for reports, not for
    /// every pass of a job.
    func auditIntegrity(tenant: String) async throws -> AuditIntegrity
    /// The events of `tenant` with sequence numbers in `after + 1 ... through` whose action is one of `actions` — and,
    /// for an action in `markers`, whose stored leaf contains one of its texts — oldest first, at most `limit`: what an
    /// audit-log detector reads, without decoding the events it does not look at.
    func auditEvents(tenant: String, after: Int64, through: Int64, actions: [String], markers: [String: [String]], limit: Int) async throws
        -> [AuditEvent]
    /// How many audit events of `tenant` with one of `actions` were recorded at or after `since` (to the second): one
    /// `COUNT` over the `(tenant, at)` index, never a read of the leaves.
    func auditEventCount(tenant: String, actions: [String], since: Date) async throws -> Int64
}

/// One identity's credentials, summed up.
public struct CredentialUsage: Sendable, Hashable, Codable {
    public var identity: String
    public var lastIssuedAt: Date
    /// Credentials neither expired nor revoked.
    public var live: Int
    /// The longest `expiresAt - issuedAt` among live credentials, in seconds (0 when none is live).
    public var longestLiveSeconds: Int64
    /// A live credential with that lifetime (its `jti`), when there is one.
    public var longestLiveJTI: String?

    public init(identity: String, lastIssuedAt: Date, live: Int, longestLiveSeconds: Int64, longestLiveJTI: String?) {
        self.identity = identity
        self.lastIssuedAt = lastIssuedAt
        self.live = live
        self.longestLiveSeconds = longestLiveSeconds
        self.longestLiveJTI = longestLiveJTI
    }
}

/// A tenant's audit log as stored.
public struct AuditIntegrity: Sendable, Hashable, Codable {
    /// Leaves appended so far (the head's size), 0 for a log never written.
    public var size: Int64
    /// Leaves pruned from the front (not stored any more, still covered by checkpoints).
    public var prunedThrough: Int64
    /// Leaves stored with their content and sequence numbers in `prunedThrough + 1 ... size`.
    public var storedLeaves: Int64
    /// The largest sequence number stored, or -1.
    public var lastSequence: Int64

    public init(size: Int64, prunedThrough: Int64, storedLeaves: Int64, lastSequence: Int64) {
        self.size = size
        self.prunedThrough = prunedThrough
        self.storedLeaves = storedLeaves
        self.lastSequence = lastSequence
    }

    /// Whether every leaf the head counts is stored and nothing lies beyond it.
    public var isComplete: Bool { storedLeaves == size - prunedThrough && lastSequence == (size == 0 ? -1 : size) }
}
