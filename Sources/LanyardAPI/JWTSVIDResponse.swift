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

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the answer.
    enum CodingKeys: String, CodingKey {
        case audience, expiresAt = "expires_at", spiffeID = "spiffe_id", svid
    }
}
