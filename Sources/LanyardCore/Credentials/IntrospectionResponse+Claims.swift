public import LanyardAPI
public import LanyardModel
public import LanyardCredentials

extension IntrospectionResponse {
    /// The answer for an active token: its claims, and `token_type` `DPoP` when it is bound to a key.
    public init(claims: AccessTokenClaims) {
        self.init(
            active: true, scope: claims.scope, clientID: claims.clientID, sub: claims.sub, aud: claims.aud, iss: claims.iss,
            exp: claims.exp, iat: claims.iat, nbf: claims.nbf, jti: claims.jti, tokenType: claims.cnf == nil ? "Bearer" : "DPoP",
            owner: claims.owner, env: claims.env, stage: claims.stage, spiffeID: claims.spiffeID, task: claims.task, cnf: claims.cnf,
            act: claims.act)
    }
}
