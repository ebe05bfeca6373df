/// The answer of `POST {issuer}/spiffe/jwt-svid`.
public struct JWTSVIDResponse: Sendable, Hashable, Codable {
    /// The compact JWT-SVID.
    public var svid: String
    /// The SPIFFE ID it asserts.
    public var spiffe_id: String
    public var audience: [String]
    /// Unix seconds.
    public var expires_at: Int64

    public init(svid: String, spiffe_id: String, audience: [String], expires_at: Int64) {
        self.svid = svid
        self.spiffe_id = spiffe_id
        self.audience = audience
        self.expires_at = expires_at
    }
}
