public import JWTKit
public import LanyardModel

/// The claims of a Lanyard access token: RFC 9068 (`typ: at+jwt`) plus governance context.
///
/// Times are whole Unix seconds. Claim checks (issuer, expiry, revocation) are done by the verifier with an
/// injected clock, not by ``verify(using:)``.
public struct AccessTokenClaims: JWTPayload, Hashable {
    public var iss: String
    /// The identity id.
    public var sub: String
    public var aud: String
    public var exp: Int64
    public var iat: Int64
    public var nbf: Int64
    public var jti: String
    /// RFC 9068 `client_id`: the identity id, as `sub`.
    public var clientID: String
    /// Space-separated scopes.
    public var scope: String
    /// The identity's owner.
    public var owner: String
    /// The identity's environment.
    public var env: String
    /// The identity's lifecycle stage.
    public var stage: String
    /// The identity's SPIFFE ID (`spiffe_id`).
    public var spiffeID: String
    /// The task the token is bound to (`tsk_…`): it dies when the task ends.
    public var task: String?
    /// RFC 8693 §4.1: for a token exchanged from another, the holder of that token (and its own actors).
    public var act: ActorClaim?
    /// For a token exchanged from another, that token's `jti`: revoking the parent revokes this one.
    public var parentJTI: String?
    /// RFC 9449 §6.1: the DPoP key the token is bound to; a bound token is accepted only with a proof made with it.
    public var cnf: ConfirmationClaim?

    public init(
        iss: String, sub: String, aud: String, exp: Int64, iat: Int64, jti: String, scope: String, owner: String,
        env: String, stage: String, spiffeId: String, task: String? = nil, act: ActorClaim? = nil, parentJTI: String? = nil,
        cnf: ConfirmationClaim? = nil
    ) {
        self.cnf = cnf
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.iat = iat
        self.nbf = iat
        self.jti = jti
        self.clientID = sub
        self.scope = scope
        self.owner = owner
        self.env = env
        self.stage = stage
        self.spiffeID = spiffeId
        self.task = task
        self.act = act
        self.parentJTI = parentJTI
    }

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the payload.
    enum CodingKeys: String, CodingKey {
        case act, aud, clientID = "client_id", cnf, env, exp, iat, iss, jti, nbf, owner, parentJTI = "parent_jti", scope
        case spiffeID = "spiffe_id", stage, sub, task
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The media type in the JOSE header (RFC 9068 §2.1).
    public static let type = "at+jwt"
}

/// The claims of an RFC 7523 client assertion (`private_key_jwt`).
public struct ClientAssertionClaims: JWTPayload, Hashable {
    public var iss: String
    public var sub: String
    /// One audience or several.
    public var aud: [String]
    public var exp: Int64
    public var iat: Int64?
    public var nbf: Int64?
    public var jti: String

    public init(iss: String, sub: String, aud: [String], exp: Int64, iat: Int64?, nbf: Int64? = nil, jti: String) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.jti = jti
    }

    enum CodingKeys: String, CodingKey { case iss, sub, aud, exp, iat, nbf, jti }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iss = try c.decode(String.self, forKey: .iss)
        sub = try c.decode(String.self, forKey: .sub)
        if let one = try? c.decode(String.self, forKey: .aud) {
            aud = [one]
        } else {
            aud = try c.decode([String].self, forKey: .aud)
        }
        exp = try Self.seconds(c, .exp) ?? 0
        iat = try Self.seconds(c, .iat)
        nbf = try Self.seconds(c, .nbf)
        jti = try c.decode(String.self, forKey: .jti)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iss, forKey: .iss)
        try c.encode(sub, forKey: .sub)
        if aud.count == 1, let one = aud.first { try c.encode(one, forKey: .aud) } else { try c.encode(aud, forKey: .aud) }
        try c.encode(exp, forKey: .exp)
        try c.encodeIfPresent(iat, forKey: .iat)
        try c.encodeIfPresent(nbf, forKey: .nbf)
        try c.encode(jti, forKey: .jti)
    }

    /// NumericDate may be fractional (RFC 7519 §2); whole seconds are kept, out-of-range values refused.
    private static func seconds(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64? {
        guard let value = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.isFinite, value >= 0, value < 1e12 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "NumericDate out of range")
        }
        return Int64(value)
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
