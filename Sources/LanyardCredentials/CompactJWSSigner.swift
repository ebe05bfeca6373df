import Crypto
import Foundation
import LanyardModel

/// Signs JWTs whose payload JSON is already written, with one of our own keys: header and signature as jwt-kit makes
/// them (`alg`, `kid`, `typ`; Ed25519 signatures, or ECDSA P-256 as the 64-byte `r ‖ s` of RFC 7518 §3.4). Header
/// and claims are written by ``CompactJSONEncoder`` from their `Codable` conformances: issuing a token is a hot path,
/// and `JSONEncoder` cost more than the signature. Verification stays with jwt-kit.
struct CompactJWSSigner: Sendable {
    private enum Key: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    let algorithm: SigningAlgorithm
    let kid: String
    private let key: Key

    init(_ material: SigningKeyMaterial) throws {
        algorithm = material.algorithm
        kid = material.thumbprint
        switch material.algorithm {
        case .eddsa: key = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: material.raw))
        case .es256: key = .p256(try P256.Signing.PrivateKey(rawRepresentation: material.raw))
        }
    }

    /// The compact JWS of `payload` (JSON text) with header `{"alg", "kid", "typ"}`.
    func sign(payload: String, type: String) throws -> String {
        let header = try CompactJSONEncoder().bytes(SignedHeader(alg: algorithm.rawValue, kid: kid, typ: type))
        var input = Base64URL.encode(header)
        input += "."
        input += Base64URL.encode(payload.utf8)
        let signed = Array(input.utf8)
        let signature: [UInt8]
        switch key {
        case .ed25519(let key): signature = Array(try key.signature(for: signed))
        case .p256(let key): signature = Array(try key.signature(for: signed).rawRepresentation)
        }
        input += "."
        input += Base64URL.encode(signature)
        return input
    }
}

extension AccessTokenClaims {
    /// The claims as compact JSON, written from their `Codable` conformance (optional claims left out when absent).
    var payloadJSON: String {
        get throws { try CompactJSONEncoder().encode(self) }
    }
}

extension JWTSVIDClaims {
    /// The claims as compact JSON (`aud` always an array, as the SPIFFE JWT-SVID specification allows).
    var payloadJSON: String {
        get throws { try CompactJSONEncoder().encode(self) }
    }
}

/// The JOSE header Lanyard writes on the tokens it signs (RFC 7515 §4.1).
private struct SignedHeader: Encodable {
    var alg: String
    var kid: String
    var typ: String
}
