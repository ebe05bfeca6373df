/// A protected resource turning a request away for its access token (RFC 6750 §3.1): none presented, one it does not
/// accept, or one without the scope it needs. The server answers with the ``challenge`` in `WWW-Authenticate` —
/// `403` for `insufficient_scope`, `401` otherwise — and the error as JSON (`{"error", "error_description"}`; without
/// a token, `{"error": "unauthenticated", "message"}`, Lanyard's own error body).
public struct ProtectedResourceRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the client is told to do, with the error code when a token was presented.
    public let challenge: ResourceChallenge
    /// A sentence for the client's developer.
    public let message: String

    public init(challenge: ResourceChallenge, message: String) {
        self.challenge = challenge
        self.message = message
    }

    /// RFC 6750 §3.1 `insufficient_scope`: the token is good but lacks a scope (HTTP 403).
    public static let insufficientScope = "insufficient_scope"
    /// RFC 6750 §3.1 `invalid_token`.
    public static let invalidToken = "invalid_token"

    /// Whether the answer is `403` (a valid token without the scope needed) rather than `401`.
    public var isForbidden: Bool { challenge.error == Self.insufficientScope }

    public var description: String { "\(challenge.error ?? "unauthenticated"): \(message)" }
}
