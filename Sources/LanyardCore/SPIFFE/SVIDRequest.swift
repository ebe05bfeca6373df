public import LanyardAPI

/// A request for an SVID as received: how the workload authenticates and what it asks for.
///
/// The workload authenticates with its access token (``token``, `Authorization: Bearer`, or `Authorization: DPoP`
/// with a proof for a DPoP-bound token) or with `private_key_jwt` (the client assertion parameters in ``client``);
/// an assertion, when present, wins.
public struct SVIDRequest: Sendable, Hashable {
    /// The access token from `Authorization`, if any, with its scheme and the request's DPoP proofs.
    public var token: PresentedAccessToken?
    /// The client-authentication parameters (`client_id`, `client_assertion_type`, `client_assertion`).
    public var client: TokenRequest
    /// The requested audiences (JWT-SVID only); `nil` when the request names none.
    public var audiences: [String]?
    /// The PKCS#10 CSR (PEM or DER bytes; X.509-SVID only).
    public var csr: [UInt8]?

    public init(token: PresentedAccessToken?, client: TokenRequest, audiences: [String]?, csr: [UInt8]? = nil) {
        self.token = token
        self.client = client
        self.audiences = audiences
        self.csr = csr
    }

    /// Whether the request carries a client assertion (then `private_key_jwt` authenticates it).
    var usesClientAssertion: Bool { client.clientAssertion != nil || client.clientAssertionType != nil }
}
