public import LanyardModel

/// RFC 7662 §2.2 introspection response: `active`, and for an active token its claims (RFC 7662 §2.2, RFC 9068,
/// RFC 9449 §6.2 `cnf`) plus Lanyard's governance claims.
public struct IntrospectionResponse: Sendable, Hashable, Codable {
    public var active: Bool
    public var scope: String?
    public var clientID: String?
    public var sub: String?
    public var aud: String?
    public var iss: String?
    public var exp: Int64?
    public var iat: Int64?
    public var nbf: Int64?
    public var jti: String?
    /// `Bearer`, or `DPoP` for a token bound to a DPoP key.
    public var tokenType: String?
    public var owner: String?
    public var env: String?
    public var stage: String?
    public var spiffeID: String?
    /// The task the token is bound to.
    public var task: String?
    /// RFC 9449 §6.2: the DPoP key a bound token is bound to.
    public var cnf: ConfirmationClaim?
    /// RFC 8693 §4.1: for an exchanged token, who acts (and the prior actors).
    public var act: ActorClaim?

    /// The answer for a token that is not active (expired, revoked, unknown or not ours): nothing else is said.
    public static let inactive = IntrospectionResponse(active: false)

    public init(
        active: Bool, scope: String? = nil, clientID: String? = nil, sub: String? = nil, aud: String? = nil, iss: String? = nil,
        exp: Int64? = nil, iat: Int64? = nil, nbf: Int64? = nil, jti: String? = nil, tokenType: String? = nil, owner: String? = nil,
        env: String? = nil, stage: String? = nil, spiffeID: String? = nil, task: String? = nil, cnf: ConfirmationClaim? = nil,
        act: ActorClaim? = nil
    ) {
        self.active = active
        self.scope = scope
        self.clientID = clientID
        self.sub = sub
        self.aud = aud
        self.iss = iss
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.jti = jti
        self.tokenType = tokenType
        self.owner = owner
        self.env = env
        self.stage = stage
        self.spiffeID = spiffeID
        self.task = task
        self.cnf = cnf
        self.act = act
    }

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the answer.
    enum CodingKeys: String, CodingKey {
        case act, active, aud, clientID = "client_id", cnf, env, exp, iat, iss, jti, nbf, owner, scope, spiffeID = "spiffe_id", stage
        case sub, task, tokenType = "token_type"
    }
}
