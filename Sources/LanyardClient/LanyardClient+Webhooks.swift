public import LanyardAPI

extension LanyardClient {
    /// Adds a webhook endpoint; the answer carries its secret, shown this once.
    public func addWebhook(_ request: AddWebhookRequest, tenant: String) async throws -> AddWebhookResponse {
        try await send(APIRoute.webhookAdd.target(tenant), body: request)
    }

    public func webhooks(tenant: String) async throws -> WebhookList {
        try await send(APIRoute.webhookList.target(tenant))
    }

    public func deleteWebhook(_ id: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.webhookDelete.target(tenant, id), text: nil)
    }

    /// Disables an endpoint (no new deliveries; pending ones wait) or, with `disabled: false`, enables it again.
    public func setWebhookDisabled(_ disabled: Bool, _ id: String, tenant: String) async throws -> WebhookEndpointView {
        try await send((disabled ? APIRoute.webhookDisable : APIRoute.webhookEnable).target(tenant, id))
    }

    /// Replaces the endpoint's signing secret; the answer carries the new one, shown this once. The old one also signs
    /// for 24 hours.
    public func rotateWebhookSecret(_ id: String, tenant: String) async throws -> AddWebhookResponse {
        try await send(APIRoute.webhookRotateSecret.target(tenant, id))
    }

    /// Queues a `webhook.test` message to the endpoint.
    public func testWebhook(_ id: String, tenant: String) async throws -> WebhookDeliveryView {
        try await send(APIRoute.webhookTest.target(tenant, id))
    }

    /// The delivery log, newest first, narrowed to one endpoint and one status when given.
    public func webhookDeliveries(tenant: String, endpoint: String?, status: String?, limit: Int?) async throws -> WebhookDeliveryList {
        var query: [(String, String)] = []
        if let endpoint { query.append(("endpoint", endpoint)) }
        if let status { query.append(("status", status)) }
        if let limit { query.append(("limit", String(limit))) }
        return try await send(APIRoute.webhookDeliveries.target(tenant), query: query)
    }

    /// Puts a delivered or dead delivery back in the outbox (same `webhook-id`).
    public func redeliverWebhook(_ id: String, tenant: String) async throws -> WebhookDeliveryView {
        try await send(APIRoute.webhookRedeliver.target(tenant, id))
    }
}
