public import Foundation

/// One message to one endpoint in the webhook outbox: queued in the transaction of the change it reports, then
/// delivered (and retried) by the leader's dispatcher.
///
/// The ``id`` is the Standard Webhooks `webhook-id`: it stays the same across retries and manual redeliveries, so a
/// receiver that dedupes on it processes each message once.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    /// Where a delivery stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for its next attempt (at ``WebhookDelivery/nextAttemptAt``).
        case pending
        /// The endpoint answered 2xx.
        case delivered
        /// Given up on (retries exhausted, or the endpoint is gone); a redelivery makes it pending again.
        case dead
    }

    /// `msg_…`: the `webhook-id` header.
    public var id: String
    public var tenant: String
    public var endpointID: String
    /// The event type (`identity.suspended`).
    public var eventType: String
    /// The body exactly as it is signed and sent (UTF-8 JSON).
    public var payload: [UInt8]
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    /// The HTTP status of the last attempt, when the endpoint answered at all.
    public var lastHTTPStatus: Int?
    /// Why the last attempt failed, when it did.
    public var lastError: String?
    public var createdAt: Date
    /// When the current retry schedule began: the queueing, or the last manual redelivery. Retries stop a
    /// window (24 h by default) after it.
    public var scheduledAt: Date
    public var deliveredAt: Date?

    public init(
        id: String, tenant: String, endpointID: String, eventType: String, payload: [UInt8], status: Status = .pending, attempts: Int = 0,
        nextAttemptAt: Date, lastAttemptAt: Date? = nil, lastHTTPStatus: Int? = nil, lastError: String? = nil, createdAt: Date,
        scheduledAt: Date? = nil, deliveredAt: Date? = nil
    ) {
        self.scheduledAt = scheduledAt ?? createdAt
        self.id = id
        self.tenant = tenant
        self.endpointID = endpointID
        self.eventType = eventType
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastHTTPStatus = lastHTTPStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// The outcome of one delivery attempt, as the dispatcher records it.
public struct WebhookAttempt: Sendable, Hashable {
    /// What the attempt leaves the delivery as.
    public enum Result: Sendable, Hashable {
        case delivered
        /// Try again at this instant.
        case retry(at: Date)
        /// Give up.
        case dead
    }

    public var at: Date
    public var httpStatus: Int?
    public var error: String?
    public var result: Result

    public init(at: Date, httpStatus: Int?, error: String?, result: Result) {
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
        self.result = result
    }
}
