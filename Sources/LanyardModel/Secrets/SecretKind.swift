/// One kind of secret Lanyard hands out, as a scanner reports it: its type prefix, a stable name and what it is.
///
/// Every opaque secret of a kind has the form `<prefix><40 base62 characters><6 base62 CRC32 characters>`
/// (``SecretFormat``), except webhook signing secrets, which stay valid Standard Webhooks secrets
/// (``WebhookSecretFormat``).
public struct SecretKind: Sendable, Hashable, Codable {
    /// The literal text a secret of this kind starts with (`lyadm_`).
    public let prefix: String
    /// A stable identifier for reports and rules (`lanyard-admin-token`).
    public let name: String
    /// What the secret is and what it unlocks, in one sentence.
    public let summary: String

    /// A kind with `prefix`, `name` and `summary`.
    public init(prefix: String, name: String, summary: String) {
        self.prefix = prefix
        self.name = name
        self.summary = summary
    }
}
