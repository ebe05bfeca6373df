public import Foundation
public import LanyardModel

/// `POST /t/{tenant}/v1/webhooks`.
public struct AddWebhookRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Where messages are POSTed: `https` (plain `http` only to a loopback host, on a server that allows it).
    public var url: String
    /// The event types to deliver; absent or empty: every type.
    public var eventTypes: [String]?
    public var description: String?
    public static let allowedFields: Set<String> = ["url", "eventTypes", "description"]

    public init(url: String, eventTypes: [String]? = nil, description: String? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
    }
}

/// A webhook endpoint as the API shows it: everything but the secret.
public struct WebhookEndpointView: Sendable, Hashable, Codable {
    public var id: String
    public var url: String
    /// Empty: every event type.
    public var eventTypes: [String]
    public var description: String
    public var createdAt: Date
    public var createdBy: String
    public var disabled: Bool
    /// After a secret rotation: until when the previous secret also signs (a past time once it no longer does; absent
    /// before the first rotation).
    public var previousSecretExpiresAt: Date?

    public init(_ endpoint: WebhookEndpoint) {
        id = endpoint.id
        url = endpoint.url
        eventTypes = endpoint.eventTypes
        description = endpoint.description
        createdAt = endpoint.createdAt
        createdBy = endpoint.createdBy
        disabled = endpoint.disabled
        previousSecretExpiresAt = endpoint.previousSealedSecret == nil ? nil : endpoint.previousSecretExpiresAt
    }
}

/// The answer to `POST /t/{tenant}/v1/webhooks`: the endpoint and its signing secret, shown this once.
public struct AddWebhookResponse: Sendable, Hashable, Codable {
    public var endpoint: WebhookEndpointView
    /// `whsec_…`: give it to the receiver to verify signatures (Standard Webhooks).
    public var secret: String

    public init(endpoint: WebhookEndpointView, secret: String) {
        self.endpoint = endpoint
        self.secret = secret
    }
}

/// `GET /t/{tenant}/v1/webhooks`.
public struct WebhookList: Sendable, Hashable, Codable {
    public var webhooks: [WebhookEndpointView]
    public init(webhooks: [WebhookEndpointView]) { self.webhooks = webhooks }
}

/// One delivery of the log, as the API shows it (the payload apart).
public struct WebhookDeliveryView: Sendable, Hashable, Codable {
    /// The `webhook-id`.
    public var id: String
    public var endpointId: String
    public var eventType: String
    /// `pending`, `delivered` or `dead`.
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    public var lastHttpStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(_ delivery: WebhookDelivery) {
        id = delivery.id
        endpointId = delivery.endpointID
        eventType = delivery.eventType
        status = delivery.status.rawValue
        attempts = delivery.attempts
        nextAttemptAt = delivery.nextAttemptAt
        lastAttemptAt = delivery.lastAttemptAt
        lastHttpStatus = delivery.lastHTTPStatus
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
    }
}

/// `GET /t/{tenant}/v1/webhook-deliveries`.
public struct WebhookDeliveryList: Sendable, Hashable, Codable {
    public var deliveries: [WebhookDeliveryView]
    public init(deliveries: [WebhookDeliveryView]) { self.deliveries = deliveries }
}
