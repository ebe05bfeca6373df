public import Foundation
public import LanyardModel

/// The producer side of webhooks: queues an event's deliveries in the store session of the change that causes it,
/// so they commit (or roll back) together with it — an outbox; nothing is sent here.
///
/// Use it next to the audit event, inside `store.write`/`writeGrouped`:
/// ```swift
/// try await audit.record(event, in: session)
/// try await outbox.queue(.identity(.identitySuspended, updated, at: now), in: session)
/// ```
/// It reads the tenant's endpoints (one query) and inserts one delivery per endpoint whose filter takes the event's
/// type. Keep it off the hot paths (issuance, decisions, introspection): they append, they never queue webhooks.
public struct WebhookOutbox: Sendable {
    /// Where `msg_…` ids come from.
    let random: any RandomSource

    public init(random: any RandomSource) {
        self.random = random
    }

    /// Queues `event` for every endpoint of its tenant that wants it, due at once. Returns the queued deliveries.
    @discardableResult
    public func queue(_ event: WebhookEvent, in session: any WebhookStore) async throws -> [WebhookDelivery] {
        let endpoints = try await session.webhookEndpoints(tenant: event.tenant).filter { $0.wants(event.type.rawValue) }
        guard !endpoints.isEmpty else { return [] }
        let payload = try event.payload()
        var generator = random.generator()
        let deliveries = endpoints.map { endpoint in
            WebhookDelivery(
                id: IdentifierFormat.make(prefix: "msg", using: &generator), tenant: event.tenant, endpointID: endpoint.id,
                eventType: event.type.rawValue, payload: payload, nextAttemptAt: event.occurredAt, createdAt: event.occurredAt)
        }
        try await session.insertWebhookDeliveries(deliveries)
        return deliveries
    }
}
