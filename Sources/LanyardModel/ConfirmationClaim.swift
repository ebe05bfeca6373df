/// RFC 7800 `cnf` (confirmation) claim of a sender-constrained access token: RFC 9449 §6.1 binds a token to a
/// DPoP key by the key's RFC 7638 SHA-256 thumbprint in `jkt`.
public struct ConfirmationClaim: Sendable, Hashable, Codable {
    /// base64url RFC 7638 SHA-256 thumbprint of the DPoP public key the token is bound to.
    public var jkt: String

    public init(jkt: String) { self.jkt = jkt }
}
