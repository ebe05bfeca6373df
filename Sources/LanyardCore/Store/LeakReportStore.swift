public import Foundation
public import LanyardModel

/// Leak reports, and the bearers of the tenants' GitLab-shaped leak doors (only hashes kept). Reports: one per tenant and token hash (the same token reported again finds the first report: idempotency),
/// never deleted (history and the time-to-revoke record).
///
/// Conformance: `LeakReportStoreConformance` in `LanyardTesting`.
public protocol LeakReportStore: Sendable {
    /// Stores a new report (`already_exists` when the tenant already has a report of the same token hash, or the id is
    /// taken).
    func insertLeakReport(_ report: LeakReport) async throws
    /// The report of the token with SHA-256 `tokenHash` in `tenant`, if any.
    func leakReport(tenant: String, tokenHash: String) async throws -> LeakReport?
    /// Reports of `tenant`, newest first (`receivedAt` descending, then `id`), only those after the position `after` in
    /// that order, at most `limit` (all when `nil`).
    func leakReports(tenant: String, after: (receivedAt: Date, id: String)?, limit: Int?) async throws -> [LeakReport]

    /// Stores a new leak door bearer (`already_exists` when its id or hash is taken).
    func insertLeakDoorToken(_ token: LeakDoorToken) async throws
    /// The bearer with SHA-256 `hash`, of any tenant (revoked ones too).
    func leakDoorToken(hash: String) async throws -> LeakDoorToken?
    /// The tenant's bearers, newest first (`createdAt` descending, then `id`), revoked ones too.
    func leakDoorTokens(tenant: String) async throws -> [LeakDoorToken]
    /// Revokes a live bearer at `at`; false when the tenant has no such live one.
    func revokeLeakDoorToken(tenant: String, id: String, at: Date) async throws -> Bool
}
