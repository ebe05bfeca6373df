import Crypto
import Foundation
import LanyardModel
import SwiftASN1
public import X509

/// Reads a PKCS#10 certificate signing request (PEM or DER), bounded in size, and checks that it is signed by
/// the key it carries (proof of possession). Only the public key is used afterwards: the CSR's subject and
/// requested extensions are ignored, since the SVID's name comes from the identity.
public enum CertificateSigningRequestReader {
    /// Largest CSR accepted (bytes, PEM or DER).
    public static let maxBytes = 8 * 1024

    /// The verified public key of the CSR in `bytes`.
    ///
    /// - Throws: `invalid_request` when the CSR is too large, does not parse, has an unsupported key type, or its
    ///   signature does not verify.
    public static func publicKey(of bytes: [UInt8]) throws -> Certificate.PublicKey {
        guard !bytes.isEmpty, bytes.count <= maxBytes else {
            throw LanyardError(.invalidRequest, "The CSR must be 1–\(maxBytes) bytes (PEM or DER).")
        }
        let csr: CertificateSigningRequest
        do {
            if let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN") {
                csr = try CertificateSigningRequest(pemEncoded: text)
            } else {
                csr = try CertificateSigningRequest(derEncoded: bytes)
            }
        } catch {
            throw LanyardError(.invalidRequest, "The CSR is not a PKCS#10 certificate signing request (PEM or DER).")
        }
        let key = csr.publicKey
        guard P256.Signing.PublicKey(key) != nil || P384.Signing.PublicKey(key) != nil else {
            throw LanyardError(.invalidRequest, "The CSR's key must be ECDSA P-256 or P-384.")
        }
        guard key.isValidSignature(csr.signature, for: csr) else {
            throw LanyardError(.invalidRequest, "The CSR's signature does not verify with its own public key.")
        }
        return key
    }

}
