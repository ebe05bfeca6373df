import Foundation
import LanyardModel

/// The parts of a compact JWS that must be checked before any key is touched: the header's `alg`, `typ`, `kid`.
public struct JOSEHeader: Sendable, Hashable {
    public var alg: String
    public var typ: String?
    public var kid: String?

    /// Largest compact JWS accepted anywhere (bytes).
    public static let maxTokenLength = 8192

    /// Reads the header of a compact JWS without verifying anything.
    ///
    /// - Throws: `invalid_request` when the token is not three base64url parts with a JSON header that names `alg`.
    public init(compact token: String) throws {
        guard token.utf8.count <= Self.maxTokenLength else {
            throw LanyardError(.invalidRequest, "The token is longer than \(Self.maxTokenLength) bytes.")
        }
        // Split by byte: splitting a String by Character costs more than the rest of the header parse.
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(Substring(parts[0])),
            let object = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
            let alg = object["alg"] as? String
        else {
            throw LanyardError(.invalidRequest, "The token is not a compact JWS (header.payload.signature) with an alg.")
        }
        self.alg = alg
        self.typ = object["typ"] as? String
        self.kid = object["kid"] as? String
    }

    /// The asymmetric algorithms accepted for client assertions and tokens. Never `none`, never HMAC: the
    /// verification keys are public, and an HMAC "signed" with a public key proves nothing.
    public static let acceptedAlgorithms: Set<String> = ["EdDSA", "ES256", "ES384", "RS256", "PS256"]
}
