/// An access token as a workload presents it to one of Lanyard's own protected endpoints (the SPIFFE SVID and
/// task endpoints): the token, the `Authorization` scheme it came with, and the request's `DPoP` headers.
public struct PresentedAccessToken: Sendable, Hashable {
    /// The `Authorization` scheme (RFC 6750 §2.1 `Bearer`, RFC 9449 §7.1 `DPoP`).
    public enum Scheme: String, Sendable, Hashable {
        case bearer = "Bearer"
        case dpop = "DPoP"
    }

    public var token: String
    public var scheme: Scheme
    /// The values of every `DPoP` header of the request.
    public var dpopProofs: [String]

    public init(token: String, scheme: Scheme, dpopProofs: [String]) {
        self.token = token
        self.scheme = scheme
        self.dpopProofs = dpopProofs
    }
}
