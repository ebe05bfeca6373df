public import Foundation
public import LanyardModel

/// Something that happened in a tenant that its webhook endpoints may want to hear about: produced by a use case
/// next to its audit event, inside the same store session, and queued by ``WebhookOutbox``.
///
/// The message body is the Standard Webhooks shape: `{"data": …, "timestamp": "…", "type": "…"}` (sorted keys, RFC
/// 3339 time), the same bytes for every endpoint.
public struct WebhookEvent: Sendable, Hashable {
    public var type: WebhookEventType
    public var tenant: String
    public var occurredAt: Date
    /// The event's object: an identity snapshot, a list of revoked credential ids, …
    public var data: JSONValue

    public init(type: WebhookEventType, tenant: String, occurredAt: Date, data: JSONValue) {
        self.type = type
        self.tenant = tenant
        self.occurredAt = occurredAt
        self.data = data
    }

    /// An identity event whose data is the identity as it is now, and `details` (a reason, …) when there are any.
    public static func identity(_ type: WebhookEventType, _ identity: Identity, at: Date, details: [String: String] = [:]) -> WebhookEvent {
        var object: [String: JSONValue] = ["identity": LanyardJSON.value(of: identity) ?? .null]
        if !details.isEmpty { object["details"] = .object(JSONObject(details.mapValues(JSONValue.string))) }
        return WebhookEvent(type: type, tenant: identity.tenant, occurredAt: at, data: .object(JSONObject(object)))
    }

    /// `identity.expiring`: the identity as it is now, when it expires, the lead that fell due (`7d`), and whom to
    /// tell (`owner`; `backupOwner`, null when it has none).
    public static func identityExpiring(_ identity: Identity, lead: TimeSpan, at: Date) -> WebhookEvent {
        let object: JSONObject = [
            "identity": LanyardJSON.value(of: identity) ?? .null,
            "expiresAt": .string(RFC3339Seconds.format(Int64(identity.expiresAt.timeIntervalSince1970))),
            "lead": .string(lead.description),
            "owner": .string(identity.owner),
            "backupOwner": identity.backupOwner.map(JSONValue.string) ?? .null,
        ]
        return WebhookEvent(type: .identityExpiring, tenant: identity.tenant, occurredAt: at, data: .object(object))
    }

    /// An entitlement event whose data is the entitlement as it is now.
    public static func entitlement(_ type: WebhookEventType, _ entitlement: Entitlement, at: Date) -> WebhookEvent {
        WebhookEvent(
            type: type, tenant: entitlement.tenant, occurredAt: at, data: .object(["entitlement": LanyardJSON.value(of: entitlement) ?? .null]))
    }

    /// Credentials revoked together, named by id, and why.
    public static func credentialsRevoked(_ records: [CredentialRecord], tenant: String, reason: String, at: Date) -> WebhookEvent {
        WebhookEvent(
            type: .credentialRevoked, tenant: tenant, occurredAt: at,
            data: .object([
                "credentials": .array(records.map { .object(["id": .string($0.jti), "identity": .string($0.identityId)]) }),
                "reason": .string(reason),
            ]))
    }

    /// The message body, exactly as it is signed and sent.
    public func payload() throws -> [UInt8] {
        struct Body: Encodable {
            let type: String
            let timestamp: Date
            let data: JSONValue
        }
        return Array(try LanyardJSON.encoder().encode(Body(type: type.rawValue, timestamp: occurredAt, data: data)))
    }
}
