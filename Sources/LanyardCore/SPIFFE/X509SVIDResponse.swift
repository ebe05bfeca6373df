/// The answer of `POST {issuer}/spiffe/x509-svid`.
public struct X509SVIDResponse: Sendable, Hashable, Codable {
    /// The SPIFFE ID in the leaf's URI SAN.
    public var spiffe_id: String
    /// PEM certificates: the leaf X.509-SVID, then the intermediate CA that signed it.
    public var svid_chain_pem: String
    /// PEM of the trust bundle's X.509 authorities (the tenant's root CA).
    public var bundle_pem: String
    /// The leaf's serial number (hex).
    public var serial: String
    /// Unix seconds.
    public var expires_at: Int64

    public init(spiffe_id: String, svid_chain_pem: String, bundle_pem: String, serial: String, expires_at: Int64) {
        self.spiffe_id = spiffe_id
        self.svid_chain_pem = svid_chain_pem
        self.bundle_pem = bundle_pem
        self.serial = serial
        self.expires_at = expires_at
    }
}
