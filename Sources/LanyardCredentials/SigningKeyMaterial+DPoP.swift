import Crypto
import Foundation
import JWTKit

/// The claims of a DPoP proof a client makes (RFC 9449 §4.2).
struct DPoPProofPayload: JWTPayload {
    var jti: String
    var htm: String
    var htu: String
    var iat: Int64
    var ath: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

extension SigningKeyMaterial {
    /// Makes a DPoP proof (RFC 9449 §4.2) with this key, as a client does: header `typ: dpop+jwt` with the public
    /// key as `jwk`; claims `jti`, `htm`, `htu`, `iat`, and `ath` when `accessToken` is given.
    ///
    /// - Parameters:
    ///   - method: the HTTP method of the request the proof goes with.
    ///   - url: the URL of that request, without query or fragment.
    ///   - accessToken: the access token sent with the request, if any.
    ///   - now: the time, Unix seconds.
    public func dpopProof(method: String, url: String, accessToken: String? = nil, now: Int64) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let jti = (0..<4).map { _ in String(generator.next(), radix: 16) }.joined()
        let payload = DPoPProofPayload(
            jti: jti, htm: method, htu: url, iat: now,
            ath: accessToken.map { Base64URL.encode(SHA256.hash(data: Array($0.utf8))) })
        let collection = JWTKeyCollection()
        try await add(to: collection)
        var header = JWTHeader()
        header.typ = DPoPProofVerifier.type
        header.fields["jwk"] = .object(publicMembers.mapValues { JWTHeaderField.string($0) })
        return try await collection.sign(payload, kid: JWKIdentifier(string: thumbprint), header: header)
    }
}
