public import Foundation
public import LanyardModel

/// The findings of each tenant: raised in the transaction of the change that reveals them, resolved in the one that
/// ends them.
///
/// At most one finding of a kind is open per subject: ``raiseFinding(_:)`` on an open duplicate stores nothing.
/// Conformance: `FindingStoreConformance` in `LanyardTesting`.
public protocol FindingStore: Sendable {
    /// Stores an open finding unless one of the same kind is already open for its subject. Returns whether it stored it.
    func raiseFinding(_ finding: Finding) async throws -> Bool
    func finding(tenant: String, id: String) async throws -> Finding?
    /// Findings of `tenant` matching `filter`, newest first (`createdAt` descending, then `id`), only those
    /// after the position `after` in that order, at most `limit` (all when `nil`).
    func findings(tenant: String, filter: FindingFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Finding]
    /// Resolves the open finding of `kind` for `subject`, if any, with `resolution`. Returns it as resolved, or nil.
    func resolveFinding(tenant: String, subject: String, kind: FindingKind, at: Date, resolution: String) async throws -> Finding?
}
