/// The parameters of a request to the token endpoint (RFC 6749 §4.4, RFC 7523 §2.2), as received.
public struct TokenRequest: Sendable, Hashable {
    public var grantType: String?
    public var clientID: String?
    public var clientAssertionType: String?
    public var clientAssertion: String?
    /// Space-separated scopes.
    public var scope: String?
    /// RFC 8707 `resource` or `audience`: the resource server the token is for.
    public var audience: String?
    /// Requested lifetime (seconds, or a span such as `5m`); capped, never extended.
    public var ttl: String?
    /// The task (`tsk_…`) the token is bound to: it must be open and the client's; the token dies with it.
    public var task: String?
    /// RFC 8693 §2.1 `subject_token`: the token to exchange.
    public var subjectToken: String?
    /// RFC 8693 §2.1 `subject_token_type`.
    public var subjectTokenType: String?
    /// RFC 8693 §2.1 `requested_token_type`.
    public var requestedTokenType: String?
    /// RFC 8693 §2.1 `actor_token` (not supported: the actor is the subject token's holder).
    public var actorToken: String?
    /// The values of every `DPoP` header of the request (RFC 9449 §4): a proof is used only when there is exactly one.
    public var dpopProofs: [String]

    public init(form: [String: String], dpopProofs: [String] = []) {
        self.dpopProofs = dpopProofs
        grantType = form["grant_type"]
        clientID = form["client_id"]
        clientAssertionType = form["client_assertion_type"]
        clientAssertion = form["client_assertion"]
        scope = form["scope"]
        audience = form["resource"] ?? form["audience"]
        ttl = form["ttl"]
        task = form["task"]
        subjectToken = form["subject_token"]
        subjectTokenType = form["subject_token_type"]
        requestedTokenType = form["requested_token_type"]
        actorToken = form["actor_token"]
    }

    /// The only client assertion type accepted (RFC 7523 §2.2).
    public static let jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// The RFC 8693 token-exchange grant type.
    public static let tokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// The RFC 8693 §3 token type of an access token.
    public static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"
    /// The RFC 8693 §3 token type of a JWT: an external OIDC issuer's token, for federation.
    public static let jwtType = "urn:ietf:params:oauth:token-type:jwt"
}
