/// An error of the OAuth 2.0 endpoints, reported as RFC 6749 §5.2 JSON: `{"error": code, "error_description": …}`.
public struct OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// RFC 6749 / RFC 7009 / RFC 8693 error codes.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidRequest = Code(rawValue: "invalid_request")
        public static let invalidClient = Code(rawValue: "invalid_client")
        public static let invalidGrant = Code(rawValue: "invalid_grant")
        public static let unauthorizedClient = Code(rawValue: "unauthorized_client")
        public static let unsupportedGrantType = Code(rawValue: "unsupported_grant_type")
        /// RFC 6749 §4.1.2.1: the authorization endpoint does not support the response type asked for. Lanyard's
        /// authorization endpoint answers every request with it: workloads get no interactive grant.
        public static let unsupportedResponseType = Code(rawValue: "unsupported_response_type")
        public static let invalidScope = Code(rawValue: "invalid_scope")
        public static let invalidTarget = Code(rawValue: "invalid_target")
        public static let unsupportedTokenType = Code(rawValue: "unsupported_token_type")
        /// RFC 9449 §5, §7.1: the DPoP proof is missing where required, malformed, or does not verify.
        public static let invalidDPoPProof = Code(rawValue: "invalid_dpop_proof")
        /// RFC 6750 §3.1 / RFC 9449 §7.1: the access token presented to a protected resource is not acceptable
        /// (for example a DPoP-bound token presented as a plain bearer token).
        public static let invalidToken = Code(rawValue: "invalid_token")
        /// The server cannot answer now (an external issuer's keys could not be fetched); retry later. HTTP 503.
        public static let temporarilyUnavailable = Code(rawValue: "temporarily_unavailable")
    }

    public let code: Code
    /// A sentence for the client's developer (never secret material).
    public let description: String
    /// Set when a protected resource refuses the access token it was shown (RFC 6750 §3, RFC 9449 §7.1): the
    /// authentication scheme to name in the `WWW-Authenticate` challenge (`DPoP` or `Bearer`). A refusal at the
    /// token endpoint has none.
    public let challenge: String?

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
        self.challenge = nil
    }

    /// A protected resource's refusal of the presented access token, answered with a `WWW-Authenticate: <scheme>`
    /// challenge.
    public init(_ code: Code, _ description: String, challenge scheme: String) {
        self.code = code
        self.description = description
        self.challenge = scheme
    }

    public static func == (lhs: OAuthError, rhs: OAuthError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// The RFC 6749 §5.2 error body.
public struct OAuthErrorBody: Sendable, Hashable, Codable {
    public var error: String
    public var error_description: String
    public init(error: String, error_description: String) {
        self.error = error
        self.error_description = error_description
    }
}
