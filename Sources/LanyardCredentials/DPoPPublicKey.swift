import Foundation
public import LanyardModel

/// The public key a DPoP proof carries in its `jwk` header (RFC 9449 §4.2), checked before anything is verified
/// with it: a key type that fits the proof's `alg`, every required member present and well formed, and no
/// private member at all.
public struct DPoPPublicKey: Sendable, Hashable {
    /// The RFC 7638 members of the key (`kty` and the key's required public members), as strings.
    public let members: [String: String]
    /// The proof's `alg`, which this key fits.
    public let algorithm: String

    /// Algorithms accepted for DPoP proofs: asymmetric only, never `none`, never HMAC (RFC 9449 §4.3 step 5).
    public static let acceptedAlgorithms: Set<String> = ["ES256", "EdDSA", "RS256"]
    /// JWK members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
    static let privateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
    /// Smallest RSA modulus accepted (bytes): 2048 bits.
    static let minimumRSAModulusBytes = 256
    /// Largest RSA modulus accepted (bytes): 8192 bits.
    static let maximumRSAModulusBytes = 1024

    /// Reads the `jwk` header member for a proof signed with `alg`.
    ///
    /// - Throws: ``OAuthError`` `invalid_dpop_proof` saying what is wrong with the key.
    public init(jwk: JSONValue?, algorithm alg: String) throws {
        guard case .object(let object)? = jwk else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof header needs a jwk: the public key the proof is signed with.")
        }
        if let secret = object.keys.sorted().first(where: Self.privateMembers.contains) {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk must be a public key; it carries the private member '\(secret)'.")
        }
        guard let kty = object["kty"]?.stringValue else { throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk has no kty.") }
        let required: [(name: String, bytes: ClosedRange<Int>)]
        switch (alg, kty) {
        case ("ES256", "EC"):
            guard object["crv"]?.stringValue == "P-256" else { throw OAuthError(.invalidDPoPProof, "An ES256 DPoP key must be on curve P-256.") }
            required = [("x", 32...32), ("y", 32...32)]
        case ("EdDSA", "OKP"):
            guard object["crv"]?.stringValue == "Ed25519" else { throw OAuthError(.invalidDPoPProof, "An EdDSA DPoP key must be an Ed25519 key.") }
            required = [("x", 32...32)]
        case ("RS256", "RSA"):
            required = [("n", Self.minimumRSAModulusBytes...Self.maximumRSAModulusBytes), ("e", 1...8)]
        default:
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk (kty '\(kty.prefix(16))') does not fit its alg \(alg).")
        }
        var members = ["kty": kty]
        if let crv = object["crv"]?.stringValue, kty != "RSA" { members["crv"] = crv }
        for (name, bytes) in required {
            guard let value = object[name]?.stringValue, value.utf8.count <= 2048, let decoded = Base64URL.decode(value), bytes.contains(decoded.count),
                Base64URL.encode(decoded) == value
            else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk member '\(name)' is missing or not a valid base64url value for a \(kty) key.")
            }
            members[name] = value
        }
        if let declared = object["alg"]?.stringValue, declared != alg {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk is declared for alg \(declared.prefix(16)), not \(alg).")
        }
        self.members = members
        self.algorithm = alg
    }

    /// The RFC 7638 SHA-256 thumbprint (base64url): the `jkt` a token bound to this key carries.
    public var thumbprint: String { JWKThumbprint.compute(members) }

    /// The key as a JWK text jwt-kit can verify with, under `kid`.
    func verificationJWK(kid: String) -> String? {
        var object = members
        object["kid"] = kid
        object["alg"] = algorithm
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(object) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
