public import Foundation

/// An asymmetric algorithm Lanyard signs with. Only asymmetric algorithms exist here: keys are published.
public enum SigningAlgorithm: String, Sendable, Codable, CaseIterable {
    /// Ed25519 (RFC 8037). The default.
    case eddsa = "EdDSA"
    /// ECDSA with P-256 and SHA-256.
    case es256 = "ES256"
}

/// Where a signing key is in its rotation.
///
/// `next` is published but does not sign yet (so relying parties cache it before it is used); `active` signs;
/// `retired` no longer signs but stays published until ``SigningKeyRecord/publishUntil`` (when the last token it
/// signed has expired).
public enum SigningKeyState: String, Sendable, Codable, CaseIterable {
    case next, active, retired
}

/// A tenant's signing key as stored: the private key is sealed with the key-encryption key.
public struct SigningKeyRecord: Sendable, Hashable {
    /// Key id: the RFC 7638 thumbprint of the public key.
    public var kid: String
    public var tenant: String
    public var algorithm: SigningAlgorithm
    public var state: SigningKeyState
    public var createdAt: Date
    /// For retired keys: stop publishing after this instant.
    public var publishUntil: Date?
    /// AES-GCM sealed private key (nonce ‖ ciphertext ‖ tag), bound to tenant and kid.
    public var sealedPrivateKey: [UInt8]
    /// The public JWK, as published.
    public var publicJWK: JSONValue

    public init(
        kid: String, tenant: String, algorithm: SigningAlgorithm, state: SigningKeyState, createdAt: Date,
        publishUntil: Date?, sealedPrivateKey: [UInt8], publicJWK: JSONValue
    ) {
        self.kid = kid
        self.tenant = tenant
        self.algorithm = algorithm
        self.state = state
        self.createdAt = createdAt
        self.publishUntil = publishUntil
        self.sealedPrivateKey = sealedPrivateKey
        self.publicJWK = publicJWK
    }
}
