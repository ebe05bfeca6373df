import Crypto
import Foundation
import JWTKit
import LanyardModel

/// What a valid DPoP proof establishes: the key it was made with and its single-use `jti`.
public struct VerifiedDPoPProof: Sendable, Hashable {
    /// RFC 7638 SHA-256 thumbprint of the proof's public key.
    public var jkt: String
    /// The proof's `jti`, to be recorded against replay.
    public var jti: String
    /// The proof's `iat`, Unix seconds.
    public var iat: Int64
}

/// Checks an RFC 9449 DPoP proof (§4.3) without state: replay of its `jti` is the caller's check, since only
/// the caller knows the tenant and when the request is otherwise acceptable.
///
/// Checked, in order: the proof is a compact JWS of bounded size whose header has no `crit` (RFC 7515 §4.1.11:
/// Lanyard understands no extension), `typ: dpop+jwt`, an accepted
/// asymmetric `alg` (ES256, EdDSA, RS256) and a public `jwk` that fits it (no private members); the claims
/// `jti` (1–``maxJTILength`` bytes), `htm`, `htu` and `iat` are present; the signature verifies with the `jwk`;
/// `htm` is the request's method; `htu` is the request's URL, ignoring query and fragment; `iat` is within
/// ``window`` seconds of now; and, when an access token is presented with the proof, `ath` is the base64url
/// SHA-256 of that token.
public struct DPoPProofVerifier: Sendable {
    /// How far `iat` may be from now, either way (seconds). Also how long a `jti` must be remembered.
    public var window: Int64 = 60
    /// Longest `jti` accepted (bytes).
    public var maxJTILength = 256

    /// The media type of a DPoP proof (RFC 9449 §4.2).
    public static let type = "dpop+jwt"

    /// Verification key collections by JWK text: parsing a key costs more than checking a signature.
    let collections: KeyCollectionCache

    /// - Parameter keys: where parsed keys are kept (the node's, from its state; a new one by default).
    public init(keys: KeyCollectionCache = KeyCollectionCache()) {
        collections = keys
    }

    /// - Parameters:
    ///   - proof: the value of the request's one `DPoP` header.
    ///   - method: the request's HTTP method, such as `POST`.
    ///   - url: the public URL of the endpoint that received the request, without query or fragment.
    ///   - accessToken: the access token presented with the proof (resource requests), or `nil` (token endpoint).
    ///   - now: the current time, Unix seconds.
    /// - Throws: ``OAuthError`` `invalid_dpop_proof` with a sentence saying what failed.
    public func verify(_ proof: String, method: String, url: String, accessToken: String?, now: Int64) async throws -> VerifiedDPoPProof {
        guard proof.utf8.count <= JOSEHeader.maxTokenLength else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof is longer than \(JOSEHeader.maxTokenLength) bytes.")
        }
        let parts = proof.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
            case .object(let header)? = try? JSONValue.parse(utf8: headerBytes, maxDepth: JOSEHeader.maxHeaderDepth),
            case .object(let payload)? = try? JSONValue.parse(utf8: payloadBytes, maxDepth: JOSEHeader.maxHeaderDepth)
        else { throw OAuthError(.invalidDPoPProof, "The DPoP proof is not a JWT (header.payload.signature with JSON objects).") }
        guard header[JOSEHeader.critical] == nil else { throw OAuthError(.invalidDPoPProof, "DPoP proof: \(JOSEHeader.criticalRefusal)") }

        guard header["typ"]?.stringValue?.lowercased() == Self.type else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's typ must be \(Self.type).")
        }
        guard let alg = header["alg"]?.stringValue, DPoPPublicKey.acceptedAlgorithms.contains(alg) else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's alg must be one of ES256, EdDSA, RS256 (never none or HMAC).")
        }
        let key = try DPoPPublicKey(jwk: header["jwk"], algorithm: alg)
        let claims = try Self.claims(payload, maxJTILength: maxJTILength)

        let thumbprint = key.thumbprint
        // The collection holds this one key, which jwt-kit uses whatever `kid` the header names (or none).
        guard let jwk = key.verificationJWK(kid: thumbprint) else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's jwk cannot be used.")
        }
        do {
            _ = try await collections.collection(for: jwk).verify(proof, as: AnyClaims.self)
        } catch {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's signature does not verify with its jwk.")
        }

        guard claims.htm == method else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's htm must be \(method), the method of this request.")
        }
        guard Self.sameResource(claims.htu, url) else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's htu must be \(url), the URL of this endpoint.")
        }
        guard claims.iat >= now - window, claims.iat <= now + window else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's iat is more than \(window) seconds from the server's time; make a fresh proof.")
        }
        if let accessToken {
            let expected = Base64URL.encode(SHA256.hash(data: Array(accessToken.utf8)))
            guard let ath = claims.ath else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof needs ath, the base64url SHA-256 of the access token it is sent with.")
            }
            guard ath == expected else {
                throw OAuthError(.invalidDPoPProof, "The DPoP proof's ath does not match the access token it is sent with.")
            }
        }
        return VerifiedDPoPProof(jkt: thumbprint, jti: claims.jti, iat: claims.iat)
    }

    /// The claims a proof must carry (RFC 9449 §4.2).
    struct Claims {
        var jti: String
        var htm: String
        var htu: String
        var iat: Int64
        var ath: String?
    }

    static func claims(_ payload: JSONObject, maxJTILength: Int) throws -> Claims {
        guard let jti = payload["jti"]?.stringValue, !jti.isEmpty, jti.utf8.count <= maxJTILength else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof needs a jti of 1–\(maxJTILength) bytes.")
        }
        guard let htm = payload["htm"]?.stringValue, !htm.isEmpty, htm.utf8.count <= 16 else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof needs htm, the HTTP method of the request.")
        }
        guard let htu = payload["htu"]?.stringValue, !htu.isEmpty, htu.utf8.count <= 2048 else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof needs htu, the URL of the request.")
        }
        guard case .number(let number)? = payload["iat"], case let seconds = number.double, seconds.isFinite, seconds >= 0, seconds < 1e12
        else {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof needs iat, the time it was made (Unix seconds).")
        }
        let ath = payload["ath"]?.stringValue
        if payload["ath"] != nil, ath == nil || (ath?.utf8.count ?? 0) > 128 {
            throw OAuthError(.invalidDPoPProof, "The DPoP proof's ath must be a base64url SHA-256 hash.")
        }
        return Claims(jti: jti, htm: htm, htu: htu, iat: Int64(seconds), ath: ath)
    }

    /// Whether `htu` names `url`: the same URL once query and fragment are dropped (RFC 9449 §4.3 step 9), with
    /// scheme and host compared without regard to case (RFC 3986 §6.2.2.1).
    static func sameResource(_ htu: String, _ url: String) -> Bool {
        func normalized(_ text: String) -> (String, String)? {
            let bare = text.prefix { $0 != "?" && $0 != "#" }
            guard let schemeEnd = bare.range(of: "://") else { return nil }
            let afterScheme = bare[schemeEnd.upperBound...]
            let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let origin = bare[..<authorityEnd].lowercased()
            let path = String(afterScheme[authorityEnd...])
            return (origin, path.isEmpty ? "/" : path)
        }
        guard let left = normalized(htu), let right = normalized(url) else { return false }
        return left == right
    }

    /// Any JSON object: the signature is what jwt-kit checks here; the claims were read above.
    struct AnyClaims: JWTPayload {
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
