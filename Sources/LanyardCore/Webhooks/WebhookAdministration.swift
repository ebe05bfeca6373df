public import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardCredentials
public import LanyardModel

/// The admin side of webhooks: endpoints (add, list, delete, disable and enable), a test message, the delivery log and manual
/// redelivery. Every change and test message is audited in the transaction of the change; the secret is shown
/// once, at `add`, and kept sealed with the key-encryption key.
public struct WebhookAdministration: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let kek: KeyEncryptionKey
    let urls: WebhookURLPolicy

    /// Limits on endpoint input.
    public enum Limits {
        public static let endpointsPerTenant = 20
        public static let descriptionLength = 256
        public static let deliveriesPage = 100
        public static let maxDeliveriesPage = 1000
        /// How long the old secret still signs after a rotation.
        public static let secretOverlap = Duration.seconds(86_400)
    }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, kek: KeyEncryptionKey, urls: WebhookURLPolicy
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.kek = kek
        self.urls = urls
    }

    /// Adds an endpoint to `tenant`. Returns it with its `whsec_…` secret, which is never shown again.
    ///
    /// - Throws: `invalid_field` (`url`, `eventTypes`, `description`), `not_found` for an unknown tenant, `invalid_state`
    ///   when the tenant has ``Limits/endpointsPerTenant`` endpoints, `forbidden`.
    public func add(url: String, eventTypes: [String], description: String?, tenant: String, by principal: Principal) async throws -> (
        endpoint: WebhookEndpoint, secret: String
    ) {
        try AdminRoles.require(.webhookAdd, principal, tenant: tenant)
        let url = try urls.check(url)
        let types = try WebhookEventType.parseFilter(eventTypes).map(\.rawValue)
        let description = try NameRules.checkText(description, field: "description", maxLength: Limits.descriptionLength, required: false) ?? ""
        let now = clock.now()
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "whk", using: &generator)
        let key = WebhookSignature.makeSecret(using: random)
        var endpoint = WebhookEndpoint(
            id: id, tenant: tenant, url: url, eventTypes: types, sealedSecret: [], description: description, createdAt: now, createdBy: principal.actor)
        endpoint.sealedSecret = try kek.seal(key, context: endpoint.sealContext)
        let stored = endpoint
        let audit = self.audit
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            guard try await session.webhookEndpoints(tenant: tenant).count < Limits.endpointsPerTenant else {
                throw LanyardError(.invalidState, "Tenant '\(tenant)' has \(Limits.endpointsPerTenant) webhook endpoints, the most allowed; delete one first.")
            }
            try await session.insertWebhookEndpoint(stored)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .webhookAdd, target: "webhook:\(stored.id)",
                    details: ["url": stored.url, "eventTypes": stored.eventTypes.joined(separator: " ")]),
                in: session)
        }
        return (stored, WebhookSignature.secretText(key))
    }

    /// The endpoints of `tenant`, oldest first.
    public func list(tenant: String, by principal: Principal) async throws -> [WebhookEndpoint] {
        try AdminRoles.require(.webhookList, principal, tenant: tenant)
        return try await store.read { try await $0.webhookEndpoints(tenant: tenant) }
    }

    /// Deletes an endpoint; its pending deliveries become dead, its log stays.
    /// - Throws: `not_found` when `tenant` has no such endpoint, `forbidden`.
    @discardableResult
    public func delete(_ id: String, tenant: String, by principal: Principal) async throws -> WebhookEndpoint {
        try AdminRoles.require(.webhookDelete, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            guard let deleted = try await session.deleteWebhookEndpoint(tenant: tenant, id: id, at: now) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no webhook endpoint '\(id.prefix(64))'.")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .webhookDelete, target: "webhook:\(id)",
                    details: ["url": deleted.url]),
                in: session)
            return deleted
        }
    }

    /// Disables an endpoint (`disabled: true`) or enables it again. A disabled endpoint gets no new deliveries and its
    /// pending ones wait (they are tried again once it is enabled, within their retry window). Audited
    /// (`webhook.disable`, `webhook.enable`) in the transaction of the change.
    /// - Throws: `not_found` when `tenant` has no such endpoint, `invalid_state` when it already is in that state,
    ///   `forbidden`.
    @discardableResult
    public func setDisabled(_ disabled: Bool, _ id: String, tenant: String, by principal: Principal) async throws -> WebhookEndpoint {
        try AdminRoles.require(disabled ? .webhookDisable : .webhookEnable, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            guard var endpoint = try await session.webhookEndpoint(tenant: tenant, id: id) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no webhook endpoint '\(id.prefix(64))'.")
            }
            guard try await session.setWebhookEndpointDisabled(tenant: tenant, id: id, disabled: disabled) else {
                throw LanyardError(.invalidState, "Webhook endpoint '\(id)' is already \(disabled ? "disabled" : "enabled").")
            }
            endpoint.disabled = disabled
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: disabled ? .webhookDisable : .webhookEnable, target: "webhook:\(id)",
                    details: ["url": endpoint.url]),
                in: session)
            return endpoint
        }
    }

    /// Replaces an endpoint's signing secret with a new one, returned once. For ``Limits/secretOverlap`` (24 h) every
    /// attempt is signed with both the new and the old secret, so a receiver can switch at its own pace; then only the
    /// new one signs. Audited (`webhook.rotate_secret`, without either secret).
    /// - Throws: `not_found` when `tenant` has no such endpoint, `invalid_state` when another rotation of it committed
    ///   first, `forbidden`.
    public func rotateSecret(_ id: String, tenant: String, by principal: Principal) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        try AdminRoles.require(.webhookRotateSecret, principal, tenant: tenant)
        let now = clock.now()
        let until = now.addingTimeInterval(TimeInterval(Limits.secretOverlap.components.seconds))
        let key = WebhookSignature.makeSecret(using: random)
        let audit = self.audit
        let kek = self.kek
        let endpoint = try await store.write { session in
            guard var endpoint = try await session.webhookEndpoint(tenant: tenant, id: id) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no webhook endpoint '\(id.prefix(64))'.")
            }
            let sealed = try kek.seal(key, context: endpoint.sealContext)
            guard
                try await session.rotateWebhookSecret(
                    tenant: tenant, id: id, sealedSecret: sealed, previous: endpoint.sealedSecret, previousExpiresAt: until)
            else {
                throw LanyardError(.invalidState, "The secret of webhook endpoint '\(id)' was rotated at the same time; try again.")
            }
            endpoint.previousSealedSecret = endpoint.sealedSecret
            endpoint.previousSecretExpiresAt = until
            endpoint.sealedSecret = sealed
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .webhookRotateSecret, target: "webhook:\(id)",
                    details: ["url": endpoint.url, "previousSecretExpiresAt": RFC3339Seconds.format(Int64(until.timeIntervalSince1970))]),
                in: session)
            return endpoint
        }
        return (endpoint, WebhookSignature.secretText(key))
    }

    /// Queues a `webhook.test` message to one endpoint (whatever its filter), due at once; audited (`webhook.test`).
    /// - Throws: `not_found` when `tenant` has no such endpoint, `invalid_state` when it is disabled, `forbidden`.
    public func test(_ id: String, tenant: String, by principal: Principal) async throws -> WebhookDelivery {
        try AdminRoles.require(.webhookTest, principal, tenant: tenant)
        let now = clock.now()
        let event = WebhookEvent(
            type: .webhookTest, tenant: tenant, occurredAt: now, data: .object(["endpoint": .string(id), "requestedBy": .string(principal.actor)]))
        let payload = try event.payload()
        var generator = random.generator()
        let delivery = WebhookDelivery(
            id: IdentifierFormat.make(prefix: "msg", using: &generator), tenant: tenant, endpointID: id, eventType: event.type.rawValue,
            payload: payload, nextAttemptAt: now, createdAt: now)
        let audit = self.audit
        try await store.write { session in
            guard let endpoint = try await session.webhookEndpoint(tenant: tenant, id: id) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no webhook endpoint '\(id.prefix(64))'.")
            }
            guard !endpoint.disabled else {
                throw LanyardError(.invalidState, "Webhook endpoint '\(id)' is disabled; enable it first (lanyard webhook enable \(id)).")
            }
            try await session.insertWebhookDeliveries([delivery])
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .webhookTest, target: "webhook:\(id)",
                    details: ["delivery": delivery.id]),
                in: session)
        }
        return delivery
    }

    /// The delivery log of `tenant`, newest first, narrowed to one endpoint and one status when given.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`, `forbidden`.
    public func deliveries(
        tenant: String, endpoint: String?, status: WebhookDelivery.Status?, limit: Int = Limits.deliveriesPage, by principal: Principal
    ) async throws -> [WebhookDelivery] {
        try AdminRoles.require(.webhookDeliveries, principal, tenant: tenant)
        try PageRequest(limit: limit).requireLimit(maximum: Limits.maxDeliveriesPage)
        return try await store.read { try await $0.webhookDeliveries(tenant: tenant, endpointID: endpoint, status: status, limit: limit) }
    }

    /// Puts a delivered or dead delivery back in the outbox, due at once, with the same `webhook-id`.
    /// - Throws: `not_found` for an unknown delivery or one whose endpoint was deleted, `invalid_state` for a pending
    ///   one, `forbidden`.
    public func redeliver(_ id: String, tenant: String, by principal: Principal) async throws -> WebhookDelivery {
        try AdminRoles.require(.webhookRedeliver, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            guard let delivery = try await session.webhookDelivery(tenant: tenant, id: id) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no webhook delivery '\(id.prefix(64))'.")
            }
            guard try await session.webhookEndpoint(tenant: tenant, id: delivery.endpointID) != nil else {
                throw LanyardError(.notFound, "The endpoint of delivery '\(id)' was deleted; it cannot be delivered again.")
            }
            guard let requeued = try await session.requeueWebhookDelivery(tenant: tenant, id: id, at: now) else {
                throw LanyardError(.invalidState, "Delivery '\(id)' is still pending; only a delivered or dead delivery can be redelivered.")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .webhookRedeliver, target: "webhook_delivery:\(id)",
                    details: ["endpoint": delivery.endpointID, "previousStatus": delivery.status.rawValue]),
                in: session)
            return requeued
        }
    }
}
