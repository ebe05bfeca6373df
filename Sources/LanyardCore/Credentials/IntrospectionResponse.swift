public import LanyardCredentials
import LanyardModel

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

    /// The response as compact JSON with members sorted by name — the same document `JSONEncoder` makes, written
    /// directly (introspection is a hot path and `JSONEncoder` cost a tenth of it).
    public var json: String {
        var writer = JSONObjectWriter(capacity: 512)
        writer.bool("active", active)
        writer.string("aud", aud)
        writer.string("client_id", client_id)
        writer.json("cnf", cnf.map { ConfirmationClaim.json(jkt: $0.jkt) })
        writer.string("env", env)
        writer.integer("exp", exp)
        writer.integer("iat", iat)
        writer.string("iss", iss)
        writer.string("jti", jti)
        writer.integer("nbf", nbf)
        writer.string("owner", owner)
        writer.string("scope", scope)
        writer.string("spiffe_id", spiffe_id)
        writer.string("stage", stage)
        writer.string("sub", sub)
        writer.string("task", task)
        writer.string("token_type", token_type)
        return writer.finish()
    }
}
