import Crypto
public import Foundation
public import LanyardModel

/// The Standard Webhooks (1.0) signature scheme, symmetric version `v1`: HMAC-SHA256 over
/// `"{webhook-id}.{webhook-timestamp}.{body}"`, keyed with the endpoint secret, sent as `v1,<base64>` in the
/// `webhook-signature` header. The secret is shown to the receiver once as `whsec_<base64 of the key>`.
public enum WebhookSignature {
    /// Bytes in a new endpoint secret (the specification asks for 24 to 64).
    public static let secretLength = 32

    /// A new secret key: 200 random bits in Lanyard's self-identifying layout (``WebhookSecretFormat``), so a leaked
    /// `whsec_` can be attributed offline. Keys stored before the layout existed keep signing as they did.
    public static func makeSecret(using random: any RandomSource) -> [UInt8] {
        WebhookSecretFormat.makeKey(using: random)
    }

    /// The secret as the receiver configures it: `whsec_` and the base64 of the key.
    public static func secretText(_ key: [UInt8]) -> String {
        WebhookSecretFormat.text(of: key)
    }

    /// The `webhook-signature` header value for one message attempt: `v1,<base64 HMAC-SHA256>`.
    public static func sign(id: String, timestamp: Int64, body: [UInt8], key: [UInt8]) -> String {
        var content = Array("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The headers of one attempt of `delivery`, signed at `timestamp` (Unix seconds of the attempt) with each of
    /// `keys` — the endpoint's secret, then its previous one while a rotation's overlap lasts. Standard Webhooks sends
    /// several signatures space-separated (`v1,<a> v1,<b>`); a receiver accepts the message when any one verifies.
    public static func headers(for delivery: WebhookDelivery, timestamp: Int64, keys: [[UInt8]]) -> [String: String] {
        [
            "content-type": "application/json",
            "webhook-id": delivery.id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": keys.map { sign(id: delivery.id, timestamp: timestamp, body: delivery.payload, key: $0) }.joined(separator: " "),
        ]
    }
}
