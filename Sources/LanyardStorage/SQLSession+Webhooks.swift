import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: Webhook endpoints

    func insertWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws {
        let types = try Self.json(endpoint.eventTypes)
        let sealed = Data(endpoint.sealedSecret).base64EncodedString()
        try await guarded("Webhook endpoint \(endpoint.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO webhook_endpoints (tenant, id, url, event_types, sealed_secret, description, created_at, created_by, disabled,
                    previous_sealed_secret, previous_secret_expires_at)
                VALUES (\(bind: endpoint.tenant), \(bind: endpoint.id), \(bind: endpoint.url), \(bind: types), \(bind: sealed),
                    \(bind: endpoint.description), \(bind: Self.seconds(endpoint.createdAt)), \(bind: endpoint.createdBy),
                    \(bind: Int64(endpoint.disabled ? 1 : 0)), \(bind: endpoint.previousSealedSecret.map { Data($0).base64EncodedString() }),
                    \(bind: endpoint.previousSecretExpiresAt.map(Self.seconds)))
                """
            ).run()
        }
    }

    func webhookEndpoint(tenant: String, id: String) async throws -> WebhookEndpoint? {
        try await db.raw("SELECT * FROM webhook_endpoints WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first()
            .map(Self.webhookEndpoint(from:))
    }

    func webhookEndpoints(tenant: String) async throws -> [WebhookEndpoint] {
        try await db.raw("SELECT * FROM webhook_endpoints WHERE tenant = \(bind: tenant) ORDER BY created_at, id").all()
            .map(Self.webhookEndpoint(from:))
    }

    func deleteWebhookEndpoint(tenant: String, id: String, at: Date) async throws -> WebhookEndpoint? {
        guard
            let deleted = try await db.raw("DELETE FROM webhook_endpoints WHERE tenant = \(bind: tenant) AND id = \(bind: id) RETURNING *")
                .first().map(Self.webhookEndpoint(from:))
        else { return nil }
        try await db.raw(
            """
            UPDATE webhook_deliveries SET status = \(bind: WebhookDelivery.Status.dead.rawValue), last_error = 'endpoint deleted'
            WHERE tenant = \(bind: tenant) AND endpoint_id = \(bind: id) AND status = \(bind: WebhookDelivery.Status.pending.rawValue)
            """
        ).run()
        return deleted
    }

    func setWebhookEndpointDisabled(tenant: String, id: String, disabled: Bool) async throws -> Bool {
        let flag = Int64(disabled ? 1 : 0)
        return try await !db.raw(
            """
            UPDATE webhook_endpoints SET disabled = \(bind: flag)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND disabled <> \(bind: flag) RETURNING id
            """
        ).all().isEmpty
    }

    func rotateWebhookSecret(tenant: String, id: String, sealedSecret: [UInt8], previous: [UInt8], previousExpiresAt: Date) async throws -> Bool {
        let new = Data(sealedSecret).base64EncodedString()
        let old = Data(previous).base64EncodedString()
        return try await !db.raw(
            """
            UPDATE webhook_endpoints SET sealed_secret = \(bind: new), previous_sealed_secret = \(bind: old),
                previous_secret_expires_at = \(bind: Self.seconds(previousExpiresAt))
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND sealed_secret = \(bind: old) RETURNING id
            """
        ).all().isEmpty
    }

    // MARK: Webhook deliveries

    func insertWebhookDeliveries(_ deliveries: [WebhookDelivery]) async throws {
        for delivery in deliveries {
            guard let payload = String(validating: delivery.payload, as: UTF8.self) else {
                throw LanyardError(.internal, "A webhook payload is not UTF-8 JSON; it was not queued.")
            }
            try await guarded("Webhook delivery \(delivery.id) already exists.") {
                try await db.raw(
                    """
                    INSERT INTO webhook_deliveries (tenant, id, endpoint_id, event_type, payload, status, attempts, next_attempt_at,
                        last_attempt_at, last_http_status, last_error, created_at, scheduled_at, delivered_at)
                    VALUES (\(bind: delivery.tenant), \(bind: delivery.id), \(bind: delivery.endpointID), \(bind: delivery.eventType),
                        \(bind: payload), \(bind: delivery.status.rawValue), \(bind: Int64(delivery.attempts)),
                        \(bind: Self.seconds(delivery.nextAttemptAt)), \(bind: delivery.lastAttemptAt.map(Self.seconds)),
                        \(bind: delivery.lastHTTPStatus.map(Int64.init)), \(bind: delivery.lastError), \(bind: Self.seconds(delivery.createdAt)),
                        \(bind: Self.seconds(delivery.scheduledAt)), \(bind: delivery.deliveredAt.map(Self.seconds)))
                    """
                ).run()
            }
        }
    }

    func webhookDelivery(tenant: String, id: String) async throws -> WebhookDelivery? {
        try await db.raw("SELECT * FROM webhook_deliveries WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first()
            .map(Self.webhookDelivery(from:))
    }

    func webhookDeliveries(tenant: String, endpointID: String?, status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        var query: SQLQueryString = "SELECT * FROM webhook_deliveries WHERE tenant = \(bind: tenant)"
        if let endpointID { query += " AND endpoint_id = \(bind: endpointID)" }
        if let status { query += " AND status = \(bind: status.rawValue)" }
        query += " ORDER BY created_at DESC, id LIMIT \(bind: Int64(max(0, limit)))"
        return try await db.raw(query).all().map(Self.webhookDelivery(from:))
    }

    func claimDueWebhookDeliveries(at now: Date, leaseUntil: Date, limit: Int) async throws -> [WebhookDelivery] {
        var query: SQLQueryString = """
            SELECT d.* FROM webhook_deliveries d
            WHERE d.status = \(bind: WebhookDelivery.Status.pending.rawValue) AND d.next_attempt_at <= \(bind: Self.seconds(now))
                AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant = d.tenant AND e.id = d.endpoint_id AND e.disabled = 0)
            ORDER BY d.next_attempt_at, d.tenant, d.id LIMIT \(bind: Int64(max(0, limit)))
            """
        if engine == .postgres { query += " FOR UPDATE OF d SKIP LOCKED" }
        let due = try await db.raw(query).all().map(Self.webhookDelivery(from:))
        for delivery in due {
            try await db.raw(
                """
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: Self.seconds(leaseUntil))
                WHERE tenant = \(bind: delivery.tenant) AND id = \(bind: delivery.id)
                """
            ).run()
        }
        return due
    }

    func recordWebhookAttempt(tenant: String, id: String, _ attempt: WebhookAttempt) async throws -> Bool {
        let at = Self.seconds(attempt.at)
        var query: SQLQueryString = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = \(bind: at), "
        query += "last_http_status = \(bind: attempt.httpStatus.map(Int64.init)), last_error = \(bind: attempt.error), "
        switch attempt.result {
        case .delivered:
            query += "status = \(bind: WebhookDelivery.Status.delivered.rawValue), delivered_at = \(bind: at)"
        case .retry(let instant):
            query += "status = \(bind: WebhookDelivery.Status.pending.rawValue), next_attempt_at = \(bind: Self.seconds(instant))"
        case .dead:
            query += "status = \(bind: WebhookDelivery.Status.dead.rawValue)"
        }
        query += " WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status = \(bind: WebhookDelivery.Status.pending.rawValue) RETURNING id"
        return try await !db.raw(query).all().isEmpty
    }

    func requeueWebhookDelivery(tenant: String, id: String, at: Date) async throws -> WebhookDelivery? {
        try await db.raw(
            """
            UPDATE webhook_deliveries SET status = \(bind: WebhookDelivery.Status.pending.rawValue), attempts = 0,
                next_attempt_at = \(bind: Self.seconds(at)), scheduled_at = \(bind: Self.seconds(at)), delivered_at = NULL
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status IN ('delivered', 'dead')
            RETURNING *
            """
        ).first().map(Self.webhookDelivery(from:))
    }

    // MARK: Row mapping

    static func webhookEndpoint(from row: any SQLRow) throws -> WebhookEndpoint {
        guard let sealed = Data(base64Encoded: try row.decode(column: "sealed_secret", as: String.self)) else {
            throw LanyardError(.internal, "A stored webhook secret is not base64.")
        }
        var previous: Data?
        if let text = try row.decode(column: "previous_sealed_secret", as: String?.self) {
            guard let decoded = Data(base64Encoded: text) else { throw LanyardError(.internal, "A stored previous webhook secret is not base64.") }
            previous = decoded
        }
        return WebhookEndpoint(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            eventTypes: try decodeJSON([String].self, try row.decode(column: "event_types", as: String.self)),
            sealedSecret: Array(sealed), description: try row.decode(column: "description", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self),
            disabled: try row.decode(column: "disabled", as: Int64.self) != 0, previousSealedSecret: previous.map { Array($0) },
            previousSecretExpiresAt: try row.decode(column: "previous_secret_expires_at", as: Int64?.self).map(date)
        )
    }

    static func webhookDelivery(from row: any SQLRow) throws -> WebhookDelivery {
        let raw = try row.decode(column: "status", as: String.self)
        guard let status = WebhookDelivery.Status(rawValue: raw) else {
            throw LanyardError(.internal, "Stored webhook delivery has an unknown status '\(raw)'.")
        }
        return WebhookDelivery(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            endpointID: try row.decode(column: "endpoint_id", as: String.self),
            eventType: try row.decode(column: "event_type", as: String.self),
            payload: Array(try row.decode(column: "payload", as: String.self).utf8), status: status,
            attempts: Int(clamping: try row.decode(column: "attempts", as: Int64.self)),
            nextAttemptAt: date(try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastAttemptAt: try row.decode(column: "last_attempt_at", as: Int64?.self).map(date),
            lastHTTPStatus: try row.decode(column: "last_http_status", as: Int64?.self).map { Int(clamping: $0) },
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            scheduledAt: date(try row.decode(column: "scheduled_at", as: Int64.self)),
            deliveredAt: try row.decode(column: "delivered_at", as: Int64?.self).map(date)
        )
    }
}
