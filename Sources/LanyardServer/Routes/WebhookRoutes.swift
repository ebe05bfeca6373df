import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// A tenant's webhook endpoints (`/t/{tenant}/v1/webhooks…`) and their delivery log (`/v1/webhook-deliveries…`).
/// Administrators only; the secret is in the answer to `add` and nowhere else.
struct WebhookRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let webhooks = dependencies.webhooks
        @Sendable func wired() throws -> WebhookAdministration {
            guard let webhooks else { throw LanyardError(.notFound, "Webhooks are not enabled on this server.") }
            return webhooks
        }
        group.on(.webhookList, gatedBy: gate) { _, context in
            let endpoints = try await wired().list(tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(WebhookList(webhooks: endpoints.map(WebhookEndpointView.init)))
        }
        group.on(.webhookAdd, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AddWebhookRequest.self, from: request)
            let added = try await wired().add(
                url: body.url, eventTypes: body.eventTypes ?? [], description: body.description, tenant: try tenant(context),
                by: context.requirePrincipal())
            return JSONResponse.make(AddWebhookResponse(endpoint: WebhookEndpointView(added.endpoint), secret: added.secret), status: .created)
        }
        group.on(.webhookDelete, gatedBy: gate) { _, context in
            let endpoint = try context.pathParameter("id", missing: "No webhook endpoint in the path.")
            try await wired().delete(endpoint, tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
        group.on(.webhookTest, gatedBy: gate) { _, context in
            let endpoint = try context.pathParameter("id", missing: "No webhook endpoint in the path.")
            let delivery = try await wired().test(endpoint, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(WebhookDeliveryView(delivery), status: .accepted)
        }
        for (route, disabled) in [(APIRoute.webhookDisable, true), (APIRoute.webhookEnable, false)] {
            group.on(route, gatedBy: gate) { _, context in
                let endpoint = try context.pathParameter("id", missing: "No webhook endpoint in the path.")
                let changed = try await wired().setDisabled(disabled, endpoint, tenant: try tenant(context), by: context.requirePrincipal())
                return JSONResponse.make(WebhookEndpointView(changed))
            }
        }
        group.on(.webhookRotateSecret, gatedBy: gate) { _, context in
            let endpoint = try context.pathParameter("id", missing: "No webhook endpoint in the path.")
            let rotated = try await wired().rotateSecret(endpoint, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(AddWebhookResponse(endpoint: WebhookEndpointView(rotated.endpoint), secret: rotated.secret))
        }
        group.on(.webhookDeliveries, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            let page = try PageQuery.read(request, defaultLimit: WebhookAdministration.Limits.deliveriesPage)
            var status: WebhookDelivery.Status?
            if let text = query.get("status") {
                guard let parsed = WebhookDelivery.Status(rawValue: text) else {
                    throw LanyardError.invalid("status", "status must be pending, delivered or dead.")
                }
                status = parsed
            }
            let deliveries = try await wired().deliveries(
                tenant: try tenant(context), endpoint: query.get("endpoint"), status: status, limit: page.limit, by: context.requirePrincipal())
            return JSONResponse.make(WebhookDeliveryList(deliveries: deliveries.map(WebhookDeliveryView.init)))
        }
        group.on(.webhookRedeliver, gatedBy: gate) { _, context in
            let delivery = try context.pathParameter("id", missing: "No webhook delivery in the path.")
            let requeued = try await wired().redeliver(delivery, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(WebhookDeliveryView(requeued), status: .accepted)
        }
    }
}
