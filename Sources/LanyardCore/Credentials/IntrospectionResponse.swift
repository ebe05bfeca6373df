public import LanyardCredentials

/// RFC 7662 §2.2 introspection response.
public struct IntrospectionResponse: Sendable, Hashable, Codable {
    public var active: Bool
    public var scope: String?
    public var client_id: String?
    public var sub: String?
    public var aud: String?
    public var iss: String?
    public var exp: Int64?
    public var iat: Int64?
    public var nbf: Int64?
    public var jti: String?
    public var token_type: String?
    public var owner: String?
    public var env: String?
    public var stage: String?
    public var spiffe_id: String?
    /// The task the token is bound to.
    public var task: String?
    /// RFC 9449 §6.2: the DPoP key a bound token is bound to.
    public var cnf: ConfirmationClaim?

    public static let inactive = IntrospectionResponse(active: false)

    init(active: Bool) { self.active = active }

    init(claims: AccessTokenClaims) {
        active = true
        scope = claims.scope
        client_id = claims.client_id
        sub = claims.sub
        aud = claims.aud
        iss = claims.iss
        exp = claims.exp
        iat = claims.iat
        nbf = claims.nbf
        jti = claims.jti
        token_type = claims.cnf == nil ? "Bearer" : "DPoP"
        cnf = claims.cnf
        owner = claims.owner
        env = claims.env
        stage = claims.stage
        spiffe_id = claims.spiffe_id
        task = claims.task
    }
}
