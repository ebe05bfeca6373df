import Foundation
import JWTKit
public import LanyardModel

/// Checks the signature of a JWT from an external OIDC issuer (a CI system, a Kubernetes cluster, a cloud) against
/// the keys that issuer publishes, and hands back its claims for the caller to check.
///
/// Only asymmetric algorithms are accepted (``acceptedAlgorithms``): never `none`, never HMAC, whose "key" would be
/// the issuer's public JWK. A key is a candidate when its type fits the header's `alg` and, when the header names a
/// `kid`, its `kid` (or RFC 7638 thumbprint) is that one. Claim checks (`exp`, `aud`, claim rules) are the
/// caller's, with its injected clock.
public struct ExternalTokenVerifier: Sendable {
    /// The signature algorithms accepted from external issuers.
    public static let acceptedAlgorithms: Set<String> = ["RS256", "PS256", "ES256", "ES384", "EdDSA"]

    /// What the signature check found.
    public enum Outcome: Sendable, Hashable {
        /// The signature verifies with a published key; the token's claims.
        case verified([String: JSONValue])
        /// No published key fits the header's `alg` and `kid` (the issuer may have rotated: re-fetch its keys).
        case unknownKey
        /// A fitting key exists but the signature does not verify with it (or the payload is not a JSON object).
        case badSignature
    }

    /// Verification key collections for the issuers' published keys.
    let collections: KeyCollectionCache

    /// - Parameter keys: where parsed keys are kept (the node's, from its state; a new one by default).
    public init(keys: KeyCollectionCache = KeyCollectionCache()) {
        collections = keys
    }

    /// Verifies `token`'s signature with one of `keys` (JWKs as published in the issuer's JWKS).
    public func verify(_ token: String, header: JOSEHeader, keys: [JSONValue]) async -> Outcome {
        guard Self.acceptedAlgorithms.contains(header.alg) else { return .unknownKey }
        // The same verifier cache as client assertions: by key, alg and kid (building a verifier costs more than a check).
        var candidates: [JWTKeyCollection] = []
        for key in keys {
            if let collection = try? await collections.collection(for: key, alg: header.alg, kid: header.kid) {
                candidates.append(collection)
            }
        }
        guard !candidates.isEmpty else { return .unknownKey }
        for collection in candidates {
            if let payload = try? await collection.verify(token, as: ExternalClaims.self) { return .verified(payload.claims) }
        }
        return .badSignature
    }

    /// The payload of a compact JWS, read without verifying anything (to find its `iss` before any key is chosen).
    public static func unverifiedClaims(_ token: String) -> [String: JSONValue]? {
        guard token.utf8.count <= JOSEHeader.maxTokenLength else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload))
        else { return nil }
        return claims.dictionary
    }
}

/// Any JSON object as a JWT payload; jwt-kit checks nothing in it.
struct ExternalClaims: JWTPayload {
    var claims: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        claims = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(claims)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
