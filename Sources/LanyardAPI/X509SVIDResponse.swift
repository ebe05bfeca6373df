public import LanyardModel
/// The answer of `POST {issuer}/spiffe/x509-svid`.
public struct X509SVIDResponse: Sendable, Hashable, Codable {
    /// The SPIFFE ID in the leaf's URI SAN.
    public var spiffeID: String
    /// PEM certificates: the leaf X.509-SVID, then the intermediate CA that signed it.
    public var svidChainPEM: String
    /// PEM of the trust bundle's X.509 authorities (the tenant's root CA).
    public var bundlePEM: String
    /// The leaf's serial number (hex).
    public var serial: String
    /// Unix seconds.
    public var expiresAt: Int64

    public init(spiffeID: String, svidChainPEM: String, bundlePEM: String, serial: String, expiresAt: Int64) {
        self.spiffeID = spiffeID
        self.svidChainPEM = svidChainPEM
        self.bundlePEM = bundlePEM
        self.serial = serial
        self.expiresAt = expiresAt
    }

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the answer.
    enum CodingKeys: String, CodingKey {
        case bundlePEM = "bundle_pem", expiresAt = "expires_at", serial, spiffeID = "spiffe_id", svidChainPEM = "svid_chain_pem"
    }
}
