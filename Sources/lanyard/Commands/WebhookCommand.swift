import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard webhook add|list|delete|test|deliveries|redeliver`: signed webhook endpoints (Standard Webhooks) and
/// their delivery log.
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Manage webhook endpoints: signed notifications of lifecycle events, retried for 24 hours.",
        subcommands: [Add.self, List.self, Delete.self, Disable.self, Enable.self, RotateSecret.self, Test.self, Deliveries.self, Redeliver.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an endpoint; prints its signing secret (whsec_…) this once.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The https URL to POST to (plain http only to a loopback host, on a server started with --dev).") var url: String
        @Option(name: .customLong("event"), help: "An event type to deliver, such as identity.suspended (repeatable; none: every type).")
        var events: [String] = []
        @Option(help: "What the endpoint is for.") var description: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = AddWebhookRequest(url: url, eventTypes: events, description: description)
                let added = try await client.makeClient().addWebhook(request, tenant: client.resolvedTenant)
                WebhookCommand.renderWithSecret(added, output: client.output)
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret", abstract: "Replace an endpoint's signing secret; prints the new one this once (the old one signs too for 24 h).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Endpoint id (whk_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let rotated = try await client.makeClient().rotateWebhookSecret(id, tenant: client.resolvedTenant)
                WebhookCommand.renderWithSecret(rotated, output: client.output)
            }
        }
    }

    /// An endpoint and its secret, which is shown only this once.
    static func renderWithSecret(_ answer: AddWebhookResponse, output: OutputFormat) {
        if output == .json {
            Render.json(answer)
        } else {
            render([answer.endpoint])
            print("\nSigning secret (shown only this once; give it to the receiver):\n  \(answer.secret)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's endpoints.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let list = try await client.makeClient().webhooks(tenant: client.resolvedTenant)
                client.output == .json ? Render.json(list) : WebhookCommand.render(list.webhooks)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an endpoint; its pending deliveries become dead.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Endpoint id (whk_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().deleteWebhook(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(["deleted": id]) : print("Deleted webhook endpoint \(id).")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop queueing deliveries to an endpoint; its pending ones wait.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Endpoint id (whk_…).") var id: String

        func run() async throws {
            try await WebhookCommand.setDisabled(true, id, client: client)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver to a disabled endpoint again.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Endpoint id (whk_…).") var id: String

        func run() async throws {
            try await WebhookCommand.setDisabled(false, id, client: client)
        }
    }

    static func setDisabled(_ disabled: Bool, _ id: String, client: ClientOptions) async throws {
        try await reportingFailures(output: client.output) {
            let endpoint = try await client.makeClient().setWebhookDisabled(disabled, id, tenant: client.resolvedTenant)
            if client.output == .json {
                Render.json(endpoint)
            } else {
                print("\(endpoint.id) \(endpoint.disabled ? "disabled" : "enabled")")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a webhook.test message to an endpoint.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Endpoint id (whk_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let delivery = try await client.makeClient().testWebhook(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(delivery) : WebhookCommand.render([delivery])
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the delivery log, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only this endpoint's deliveries (whk_…).") var endpoint: String?
        @Option(help: "Only deliveries in this state: pending, delivered or dead.") var status: String?
        @Option(help: "At most this many (1 to 1000; default 100).") var limit: Int?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let list = try await client.makeClient().webhookDeliveries(
                    tenant: client.resolvedTenant, endpoint: endpoint, status: status, limit: limit)
                client.output == .json ? Render.json(list) : WebhookCommand.render(list.deliveries)
            }
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a delivered or dead delivery again, with the same webhook-id (receivers dedupe on it).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Delivery id (msg_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let delivery = try await client.makeClient().redeliverWebhook(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(delivery) : WebhookCommand.render([delivery])
            }
        }
    }

    static func render(_ endpoints: [WebhookEndpointView]) {
        Render.table(
            ["ID", "URL", "EVENTS", "DESCRIPTION", "CREATED"],
            endpoints.map { endpoint in
                [
                    endpoint.id, endpoint.url, endpoint.eventTypes.isEmpty ? "*" : endpoint.eventTypes.joined(separator: ","),
                    endpoint.description, Render.time(endpoint.createdAt),
                ]
            }
        )
    }

    static func render(_ deliveries: [WebhookDeliveryView]) {
        Render.table(
            ["ID", "ENDPOINT", "EVENT", "STATUS", "ATTEMPTS", "LAST HTTP", "LAST ERROR", "CREATED"],
            deliveries.map { delivery in
                [
                    delivery.id, delivery.endpointId, delivery.eventType, delivery.status, String(delivery.attempts),
                    delivery.lastHttpStatus.map(String.init) ?? "-", delivery.lastError ?? "-", Render.time(delivery.createdAt),
                ]
            }
        )
    }
}
