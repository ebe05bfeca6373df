import Crypto
import Foundation
import LanyardModel

/// Signs JWTs whose payload JSON is already written, with one of our own keys: header and signature as jwt-kit makes
/// them (`alg`, `kid`, `typ`; Ed25519 signatures, or ECDSA P-256 as the 64-byte `r ‖ s` of RFC 7518 §3.4), without
/// a `Codable` round trip. Issuing a token is a hot path, and encoding claims with `JSONEncoder` cost more than the
/// signature. Verification stays with jwt-kit.
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
        var header = JSONObjectWriter(capacity: 96)
        header.string("alg", algorithm.rawValue)
        header.string("kid", kid)
        header.string("typ", type)
        var input = Base64URL.encode(Array(header.finish().utf8))
        input += "."
        input += Base64URL.encode(Array(payload.utf8))
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
    /// The claims as compact JSON, as their `Codable` conformance writes them (optional claims left out when absent).
    var payloadJSON: String {
        var writer = JSONObjectWriter(capacity: 512)
        writer.json("act", act.map(\.json))
        writer.string("aud", aud)
        writer.string("client_id", client_id)
        writer.json("cnf", cnf.map { ConfirmationClaim.json(jkt: $0.jkt) })
        writer.string("env", env)
        writer.integer("exp", exp)
        writer.integer("iat", iat)
        writer.string("iss", iss)
        writer.string("jti", jti)
        writer.integer("nbf", nbf)
        writer.string("owner", owner)
        writer.string("parent_jti", parent_jti)
        writer.string("scope", scope)
        writer.string("spiffe_id", spiffe_id)
        writer.string("stage", stage)
        writer.string("sub", sub)
        writer.string("task", task)
        return writer.finish()
    }
}

extension ActorClaim {
    /// `{"act": …, "sub": …}`, the prior actors nested.
    var json: String {
        var writer = JSONObjectWriter(capacity: 64)
        writer.json("act", act.map(\.json))
        writer.string("sub", sub)
        return writer.finish()
    }
}

extension JWTSVIDClaims {
    /// The claims as compact JSON (`aud` always an array, as the SPIFFE JWT-SVID specification allows).
    var payloadJSON: String {
        var writer = JSONObjectWriter(capacity: 256)
        writer.strings("aud", aud)
        writer.integer("exp", exp)
        writer.integer("iat", iat)
        writer.string("jti", jti)
        writer.string("sub", sub)
        return writer.finish()
    }
}
