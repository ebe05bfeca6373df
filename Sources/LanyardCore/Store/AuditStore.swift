public import Foundation
public import LanyardModel

/// The tenants' audit logs: events with their canonical leaves and hashes, per-tenant sequence numbers, the log
/// keys and signed checkpoints, and pruning.
///
/// Conformance: `AuditStoreConformance` in `LanyardTesting`.
public protocol AuditStore: Sendable {
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
