import Foundation
import LanyardCore
import LanyardModel

/// ``WebhookStore`` in a grouped body: the plain session's, so deliveries are queued inside the body's savepoint and
/// vanish with it when the body fails.
extension DeferringSession {
    func insertWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws { try await base.insertWebhookEndpoint(endpoint) }
    func webhookEndpoint(tenant: String, id: String) async throws -> WebhookEndpoint? { try await base.webhookEndpoint(tenant: tenant, id: id) }
    func webhookEndpoints(tenant: String) async throws -> [WebhookEndpoint] { try await base.webhookEndpoints(tenant: tenant) }
    func deleteWebhookEndpoint(tenant: String, id: String, at: Date) async throws -> WebhookEndpoint? {
        try await base.deleteWebhookEndpoint(tenant: tenant, id: id, at: at)
    }
    func setWebhookEndpointDisabled(tenant: String, id: String, disabled: Bool) async throws -> Bool {
        try await base.setWebhookEndpointDisabled(tenant: tenant, id: id, disabled: disabled)
    }
    func rotateWebhookSecret(tenant: String, id: String, sealedSecret: [UInt8], previous: [UInt8], previousExpiresAt: Date) async throws -> Bool {
        try await base.rotateWebhookSecret(tenant: tenant, id: id, sealedSecret: sealedSecret, previous: previous, previousExpiresAt: previousExpiresAt)
    }
    func insertWebhookDeliveries(_ deliveries: [WebhookDelivery]) async throws { try await base.insertWebhookDeliveries(deliveries) }
    func webhookDelivery(tenant: String, id: String) async throws -> WebhookDelivery? { try await base.webhookDelivery(tenant: tenant, id: id) }
    func webhookDeliveries(tenant: String, endpointID: String?, status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        try await base.webhookDeliveries(tenant: tenant, endpointID: endpointID, status: status, limit: limit)
    }
    func claimDueWebhookDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await base.claimDueWebhookDeliveries(at: now, leaseUntil: leaseUntil, limit: limit)
    }
    func recordWebhookAttempt(tenant: String, id: String, _ attempt: WebhookAttempt) async throws -> Bool {
        try await base.recordWebhookAttempt(tenant: tenant, id: id, attempt)
    }
    func requeueWebhookDelivery(tenant: String, id: String, at: Date) async throws -> WebhookDelivery? {
        try await base.requeueWebhookDelivery(tenant: tenant, id: id, at: at)
    }
}
