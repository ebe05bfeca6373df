public import Foundation
public import LanyardModel

/// What was issued and what was ended: credential records, used client-assertion ids and tasks.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken. Conformance:
/// `CredentialStoreConformance` in `LanyardTesting`.
public protocol CredentialStore: Sendable {
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
    /// The tasks of one identity, most recently opened first (ties by id), at most `limit`.
    func tasks(tenant: String, identityId: String, limit: Int) async throws -> [WorkloadTask]
    /// Marks an open task ended at `at` by `actor`; returns the ended task, or nil when it was not open (ended
    /// before, or expired by `at`).
    func endTask(tenant: String, id: String, at: Date, by actor: String) async throws -> WorkloadTask?
    /// Ends every open, unexpired task of one identity (offboarding), as ``endTask(tenant:id:at:by:)`` does one;
    /// returns them, by id.
    func endTasks(tenant: String, identityId: String, at: Date, by actor: String) async throws -> [WorkloadTask]
    /// Every ended task of any tenant that would not have expired by `instant` (to rebuild the revocation list).
    func endedTasks(unexpiredAt instant: Date) async throws -> [WorkloadTask]
    /// Open tasks of any tenant whose `expiresAt` is at or before `instant`, oldest first. Rows another
    /// transaction is expiring at the same time may be skipped (they are locked until it commits).
    func tasksDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [WorkloadTask]
    /// Records that an open task expired (`endedAt` = its `expiresAt`, `endedBy` = ``WorkloadTask/expiryActor``).
    /// Returns whether it did: `false` when the task was no longer open (ended, or expired by another sweep).
    @discardableResult
    func markTaskExpired(tenant: String, id: String) async throws -> Bool
}

extension CredentialStore {
    /// The first `limit` credentials of `tenant` (of one identity when given), newest first.
    public func credentials(tenant: String, identityId: String?, limit: Int) async throws -> [CredentialRecord] {
        try await credentials(tenant: tenant, identityId: identityId, after: nil, limit: limit)
    }
}
