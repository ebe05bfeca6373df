public import LanyardModel
/// The answer of `POST {issuer}/spiffe/jwt-svid`.
public struct JWTSVIDResponse: Sendable, Hashable, Codable {
    /// The compact JWT-SVID.
    public var svid: String
    /// The SPIFFE ID it asserts.
    public var spiffeID: String
    public var audience: [String]
    /// Unix seconds.
    public var expiresAt: Int64

    public init(svid: String, spiffeID: String, audience: [String], expiresAt: Int64) {
        self.svid = svid
        self.spiffeID = spiffeID
        self.audience = audience
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case svid, spiffeID = "spiffe_id", audience, expiresAt = "expires_at"
    }
}
