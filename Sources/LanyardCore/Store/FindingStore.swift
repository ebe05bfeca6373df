public import Foundation
public import LanyardModel

/// The findings of each tenant: raised in the transaction of the change that reveals them (or by a detector's pass),
/// moved through their workflow by people, resolved in the transaction that ends their cause.
///
/// At most one finding of a kind is unresolved (open, acknowledged or suppressed) per subject: ``raiseFinding(_:)``
/// on such a duplicate stores nothing. Conformance: `FindingStoreConformance` in `LanyardTesting`.
public protocol FindingStore: Sendable {
    /// Stores a finding unless one of the same kind is unresolved for its subject. Returns whether it stored it.
    func raiseFinding(_ finding: Finding) async throws -> Bool
    func finding(tenant: String, id: String) async throws -> Finding?
    /// Findings of `tenant` matching `filter`, newest first (`createdAt` descending, then `id`), only those
    /// after the position `after` in that order, at most `limit` (all when `nil`).
    func findings(tenant: String, filter: FindingFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Finding]
    /// Every unresolved finding of `tenant` (open, acknowledged, suppressed), of `kinds` when given.
    func unresolvedFindings(tenant: String, kinds: [FindingKind]?) async throws -> [Finding]
    /// Resolves the unresolved finding of `kind` for `subject`, if any, with `resolution`. Returns it as resolved, or nil.
    func resolveFinding(tenant: String, subject: String, kind: FindingKind, at: Date, resolution: String) async throws -> Finding?
    /// Replaces the stored finding with `finding` if it is still as it was read: status `status` and last changed at
    /// `updatedAt` (a compare-and-set). Returns whether it did.
    func updateFinding(_ finding: Finding, ifStatus status: FindingStatus, updatedAt: Date) async throws -> Bool
    /// Suppressed findings (of every tenant) whose `suppressedUntil` is at or before `now`, at most `limit`.
    func dueSuppressedFindings(now: Date, limit: Int) async throws -> [Finding]
    /// How far `detector` has read the audit log of `tenant` (the last sequence number it handled), or nil.
    func findingCursor(tenant: String, detector: String) async throws -> Int64?
    /// Records how far `detector` has read the audit log of `tenant`.
    func setFindingCursor(tenant: String, detector: String, seq: Int64) async throws
}
