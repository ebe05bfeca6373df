public import Foundation
public import LanyardModel

/// The webhook endpoints of each tenant and the outbox of their deliveries.
///
/// Deliveries are inserted in the same transaction as the change they report (``WebhookOutbox``), so a committed
/// change always has its deliveries and a rolled-back one has none. The dispatcher leases due deliveries
/// (``claimDueWebhookDeliveries(at:leaseUntil:limit:)``) in a short transaction, delivers them outside any
/// transaction, then records each attempt with a conditional update.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when an id is taken. Conformance:
/// `WebhookStoreConformance` in `LanyardTesting`.
public protocol WebhookStore: Sendable {
    // Endpoints
    func insertWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws
    func webhookEndpoint(tenant: String, id: String) async throws -> WebhookEndpoint?
    /// Every endpoint of `tenant`, oldest first (`createdAt`, then `id`).
    func webhookEndpoints(tenant: String) async throws -> [WebhookEndpoint]
    /// Deletes the endpoint; its pending deliveries become `dead` ("endpoint deleted"), its log stays. Returns the
    /// deleted endpoint, or nil when there was none.
    func deleteWebhookEndpoint(tenant: String, id: String, at: Date) async throws -> WebhookEndpoint?
    /// Sets whether the endpoint is disabled. Conditional: false (and nothing changed) when there is no such endpoint
    /// or it already is in that state.
    func setWebhookEndpointDisabled(tenant: String, id: String, disabled: Bool) async throws -> Bool
    /// Replaces the endpoint's sealed secret with `sealedSecret`, keeping `previous` as the previous secret until
    /// `previousExpiresAt`. Compare-and-set: false (and nothing changed) unless the stored secret is `previous`, so of
    /// two rotations at once one wins and the other is told.
    func rotateWebhookSecret(tenant: String, id: String, sealedSecret: [UInt8], previous: [UInt8], previousExpiresAt: Date) async throws -> Bool

    // Deliveries (the outbox)
    func insertWebhookDeliveries(_ deliveries: [WebhookDelivery]) async throws
    func webhookDelivery(tenant: String, id: String) async throws -> WebhookDelivery?
    /// Deliveries of `tenant`, newest first (`createdAt` descending, then `id`), narrowed to one endpoint and one
    /// status when given, at most `limit`.
    func webhookDeliveries(tenant: String, endpointID: String?, status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery]
    /// Leases up to `limit` pending deliveries of any tenant that are due at `now` (oldest due first), whose endpoint
    /// still exists and is not disabled (a disabled endpoint's deliveries wait): each one's `nextAttemptAt` moves to `leaseUntil`, so no other pass claims it before then (on
    /// PostgreSQL the rows are also locked, `SKIP LOCKED`). Returns them as they were before the lease.
    func claimDueWebhookDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt on a pending delivery: `attempts` grows by one, and the result sets the status (and
    /// `deliveredAt`, or the next attempt). Conditional: false (and nothing changed) unless the delivery is pending.
    func recordWebhookAttempt(tenant: String, id: String, _ attempt: WebhookAttempt) async throws -> Bool
    /// Puts a `delivered` or `dead` delivery back to `pending`, due at `at`, its attempts reset to zero; the id
    /// stays (receivers dedupe on it). Returns the requeued delivery, or nil when none is in those states.
    func requeueWebhookDelivery(tenant: String, id: String, at: Date) async throws -> WebhookDelivery?
}
