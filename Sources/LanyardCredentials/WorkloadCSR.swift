import Crypto
import Foundation
import SwiftASN1
import X509

/// A workload's fresh key pair and the PKCS#10 CSR that asks for an X.509-SVID for it, as `lanyard svid x509`
/// builds them. The private key never leaves the workload; only the CSR is sent.
public struct WorkloadCSR: Sendable {
    let key: P256.Signing.PrivateKey
    /// The CSR as PEM.
    public let csrPEM: String

    /// Generates a P-256 key pair and a CSR signed by it (subject `CN=<commonName>`; the server ignores it).
    public init(commonName: String) throws {
        let key = P256.Signing.PrivateKey()
        let csr = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName(commonName) }, privateKey: Certificate.PrivateKey(key),
            attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
        self.key = key
        self.csrPEM = try csr.serializeAsPEM().pemString + "\n"
    }

    /// The private key as PKCS#8 PEM.
    public var privateKeyPEM: String { key.pemRepresentation + "\n" }
}
