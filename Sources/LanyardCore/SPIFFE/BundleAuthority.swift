public import Crypto
import Foundation
public import LanyardCredentials
public import LanyardModel
public import X509

/// The X.509 authority entry of a SPIFFE bundle (SPIFFE Trust Domain and Bundle §4.2.1): the CA's public key as
/// a JWK with `use: x509-svid` and its certificate in `x5c`.
public enum BundleAuthority {
    /// The JWK of a P-256 CA certificate; `nil` for another key type.
    public static func jwk(of certificate: Certificate) -> JSONValue? {
        guard let key = P256.Signing.PublicKey(certificate.publicKey) else { return nil }
        let point = Array(key.x963Representation)  // 0x04 ‖ X ‖ Y
        guard point.count == 65 else { return nil }
        let der = SPIFFECertificateAuthority.der(certificate)
        return .object([
            "kty": .string("EC"), "crv": .string("P-256"),
            "x": .string(Base64URL.encode(point[1..<33])), "y": .string(Base64URL.encode(point[33..<65])),
            "use": .string("x509-svid"),
            "x5c": .array([.string(Data(der).base64EncodedString())]),
        ])
    }
}
