public import Foundation

/// A tenant's receiver of signed webhook messages (Standard Webhooks): where to POST, which event types it wants,
/// and the signing secret, sealed with the key-encryption key (HMAC signing needs the secret back, so it is
/// encrypted rather than hashed).
public struct WebhookEndpoint: Sendable, Hashable, Codable {
    /// `whk_…`.
    public var id: String
    public var tenant: String
    /// The `https` URL messages are POSTed to (`http` only to loopback, when the server allows it).
    public var url: String
    /// The event types delivered (``WebhookEventType`` raw values); empty means every type.
    public var eventTypes: [String]
    /// The `whsec_…` secret's 32 key bytes, sealed with the key-encryption key bound to ``sealContext``.
    public var sealedSecret: [UInt8]
    public var description: String
    public var createdAt: Date
    /// Who added the endpoint (`admin:…`).
    public var createdBy: String
    /// A disabled endpoint gets no new deliveries.
    public var disabled: Bool
    /// The secret before the last rotation, sealed like ``sealedSecret``: until ``previousSecretExpiresAt`` every
    /// attempt is signed with both, so receivers can switch secrets without losing a message.
    public var previousSealedSecret: [UInt8]?
    public var previousSecretExpiresAt: Date?

    public init(
        id: String, tenant: String, url: String, eventTypes: [String], sealedSecret: [UInt8], description: String, createdAt: Date,
        createdBy: String, disabled: Bool = false, previousSealedSecret: [UInt8]? = nil, previousSecretExpiresAt: Date? = nil
    ) {
        self.previousSealedSecret = previousSealedSecret
        self.previousSecretExpiresAt = previousSecretExpiresAt
        self.id = id
        self.tenant = tenant
        self.url = url
        self.eventTypes = eventTypes
        self.sealedSecret = sealedSecret
        self.description = description
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.disabled = disabled
    }

    /// The associated data the secret is sealed with: a sealed secret copied to another endpoint does not open.
    public var sealContext: String { "webhook-secret:\(tenant):\(id)" }

    /// Whether an event of `type` goes to this endpoint.
    public func wants(_ type: String) -> Bool {
        !disabled && (eventTypes.isEmpty || eventTypes.contains(type))
    }
}
