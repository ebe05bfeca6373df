public import Foundation
public import LanyardModel

/// The expiry notices sent: which identity was told, about which expiry, at which lead. ``ExpiryNotices`` finds the
/// identities a notice is due for and records each notice in the transaction that queues its webhook, so a notice is
/// sent once: a crash before the commit loses neither, and a second node's attempt finds it recorded.
///
/// Conformance: `ExpiryNoticeStoreConformance` in `LanyardTesting`.
public protocol ExpiryNoticeStore: Sendable {
    /// The active identities of `tenant` made from one of `templates` whose `expiresAt` is after `expiringAfter` and at
    /// or before `atOrBefore`, and that have no notice yet about that `expiresAt` with a lead of `lead` or shorter;
    /// soonest expiry first (then id), at most `limit`. In a write on PostgreSQL the rows are locked
    /// (`FOR UPDATE SKIP LOCKED`), so two nodes never work on one identity at once.
    func identitiesDueForExpiryNotice(
        tenant: String, templates: [String], lead: TimeSpan, expiringAfter: Date, atOrBefore: Date, limit: Int
    ) async throws -> [Identity]
    /// Records `notice` unless one with the same tenant, identity, `expiresAt` and lead exists. Returns whether it
    /// did: `false` (and nothing changed) when it was recorded before, by this node or another.
    func recordExpiryNotice(_ notice: ExpiryNotice) async throws -> Bool
    /// The notices of one identity: latest expiry first, then longest lead first.
    func expiryNotices(tenant: String, identityID: String) async throws -> [ExpiryNotice]
}
