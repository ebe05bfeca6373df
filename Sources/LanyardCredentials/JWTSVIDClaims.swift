public import JWTKit

/// The claims of a JWT-SVID (SPIFFE JWT-SVID specification §3): `sub` is the SPIFFE ID, `aud` one or more
/// audiences, `exp` required; `iat` and `jti` are added for audit and replay tracking.
///
/// Times are whole Unix seconds. Expiry and audience are checked by the relying party with its own clock, not by
/// ``verify(using:)``.
public struct JWTSVIDClaims: JWTPayload, Hashable {
    /// The SPIFFE ID of the workload.
    public var sub: String
    public var aud: [String]
    public var exp: Int64
    public var iat: Int64
    public var jti: String

    public init(sub: String, aud: [String], exp: Int64, iat: Int64, jti: String) {
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.iat = iat
        self.jti = jti
    }

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the payload.
    enum CodingKeys: String, CodingKey {
        case aud, exp, iat, jti, sub
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The JOSE `typ` of a JWT-SVID (the specification allows `JWT` or `JOSE`).
    public static let type = "JWT"
    /// The JWK `use` of JWT-SVID signing keys in a SPIFFE bundle (SPIFFE Trust Domain and Bundle §4.2.2).
    public static let bundleUse = "jwt-svid"
}
