import LanyardModel

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

    /// The response as compact JSON, members sorted (what `JSONEncoder` with `.sortedKeys` writes), written directly
    /// for the hot path.
    public var json: String {
        var writer = JSONObjectWriter(capacity: svid.utf8.count + 200)
        writer.strings("audience", audience)
        writer.integer("expires_at", expires_at)
        writer.string("spiffe_id", spiffe_id)
        writer.string("svid", svid)
        return writer.finish()
    }
}
