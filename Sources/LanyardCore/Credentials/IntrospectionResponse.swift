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
        token_type = "Bearer"
        owner = claims.owner
        env = claims.env
        stage = claims.stage
        spiffe_id = claims.spiffe_id
        task = claims.task
    }

    /// The response as compact JSON with members sorted by name — the same document `JSONEncoder` makes, written
    /// directly (introspection is a hot path and `JSONEncoder` cost a tenth of it).
    public var json: String {
        var out = "{"
        out.reserveCapacity(512)
        var first = true
        func member(_ name: String, _ write: (inout String) -> Void) {
            out += first ? "\"" : ",\""
            first = false
            out += name
            out += "\":"
            write(&out)
        }
        func string(_ name: String, _ value: String?) {
            if let value { member(name) { CanonicalJSON.write(string: value, into: &$0) } }
        }
        func integer(_ name: String, _ value: Int64?) {
            if let value { member(name) { $0 += String(value) } }
        }
        // Alphabetical, as `JSONEncoder` with `.sortedKeys` orders them.
        member("active") { $0 += active ? "true" : "false" }
        string("aud", aud)
        string("client_id", client_id)
        string("env", env)
        integer("exp", exp)
        integer("iat", iat)
        string("iss", iss)
        string("jti", jti)
        integer("nbf", nbf)
        string("owner", owner)
        string("scope", scope)
        string("spiffe_id", spiffe_id)
        string("stage", stage)
        string("sub", sub)
        string("task", task)
        string("token_type", token_type)
        out += "}"
        return out
    }
}
