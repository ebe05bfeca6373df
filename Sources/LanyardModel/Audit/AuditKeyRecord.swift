public import Foundation

/// A tenant's audit keys as stored: the Ed25519 log key that signs checkpoints and the HMAC key that replaces
/// secrets in events, both sealed with the key-encryption key; the log's public key in the clear.
public struct AuditKeyRecord: Sendable, Hashable {
    public var tenant: String
    /// The raw 32-byte Ed25519 public key of the log key.
    public var publicKey: [UInt8]
    /// AES-GCM sealed raw Ed25519 private key, bound to `"{tenant}/audit-log"`.
    public var sealedLogKey: [UInt8]
    /// AES-GCM sealed 32-byte HMAC key, bound to `"{tenant}/audit-hmac"`.
    public var sealedHMACKey: [UInt8]
    public var createdAt: Date

    public init(tenant: String, publicKey: [UInt8], sealedLogKey: [UInt8], sealedHMACKey: [UInt8], createdAt: Date) {
        self.tenant = tenant
        self.publicKey = publicKey
        self.sealedLogKey = sealedLogKey
        self.sealedHMACKey = sealedHMACKey
        self.createdAt = createdAt
    }
}
