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
    /// A header with a `crit` member is refused, whatever it lists: RFC 7515 §4.1.11 requires a recipient to reject a
    /// JWS whose `crit` names an extension it does not understand (Lanyard understands none), and an empty `crit` or
    /// one naming registered header parameters is invalid anyway. Every JWS Lanyard reads before verifying it (client
    /// assertions, its own access tokens, external tokens for federation) goes through here; DPoP proofs, which are
    /// read with their `jwk`, check the same rule in ``DPoPProofVerifier``.
    ///
    /// - Throws: `invalid_request` when the token is not three base64url parts with a JSON header that names `alg`,
    ///   or (with `field` `crit`) when the header carries `crit`.
    public init(compact token: String) throws {
        guard token.utf8.count <= Self.maxTokenLength else {
            throw LanyardError(.invalidRequest, "The token is longer than \(Self.maxTokenLength) bytes.")
        }
        // Split by byte: splitting a String by Character costs more than the rest of the header parse.
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(Substring(parts[0])),
            case .object(let object)? = try? JSONValue.parse(utf8: headerBytes, maxDepth: Self.maxHeaderDepth)
        else {
            throw LanyardError(.invalidRequest, "The token is not a compact JWS (header.payload.signature) with an alg.")
        }
        guard object[Self.critical] == nil else { throw LanyardError(.invalidRequest, Self.criticalRefusal, field: Self.critical) }
        guard case .string(let alg)? = object["alg"] else {
            throw LanyardError(.invalidRequest, "The token is not a compact JWS (header.payload.signature) with an alg.")
        }
        self.alg = alg
        self.typ = object["typ"]?.stringValue
        self.kid = object["kid"]?.stringValue
    }

    /// Deepest nesting read in a JOSE header (a `jwk` member is two levels; nothing needs more than a few).
    static let maxHeaderDepth = 32

    /// The `crit` header parameter (RFC 7515 §4.1.11).
    public static let critical = "crit"

    /// Why a JWS with `crit` is refused.
    public static let criticalRefusal =
        "The JOSE header carries crit; Lanyard understands no JWS extension, so it refuses every JWS that marks one critical (RFC 7515 §4.1.11)."

    /// The asymmetric algorithms accepted for client assertions and tokens. Never `none`, never HMAC: the
    /// verification keys are public, and an HMAC "signed" with a public key proves nothing.
    public static let acceptedAlgorithms: Set<String> = ["EdDSA", "ES256", "ES384", "RS256", "PS256"]
}
