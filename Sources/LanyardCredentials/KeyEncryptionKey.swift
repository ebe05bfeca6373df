public import Crypto
import Foundation
import LanyardModel

/// The key-encryption key (KEK) that seals tenants' private signing keys at rest (AES-256-GCM).
///
/// Each sealed key is bound to its tenant and key id as associated data, so a sealed blob copied to another
/// row does not open.
public struct KeyEncryptionKey: Sendable {
    private let key: SymmetricKey

    /// Parses a base64 (or base64url) encoded 32-byte key.
    public init(encoded text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed).map(Array.init) ?? Base64URL.decode(trimmed), bytes.count == 32 else {
            throw LanyardError(.invalidConfiguration, "The key-encryption key must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`).")
        }
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random key, with its base64 encoding (to store it).
    public static func generate() -> (KeyEncryptionKey, String) {
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        return (KeyEncryptionKey(key: key), encoded)
    }

    private init(key: SymmetricKey) { self.key = key }

    /// A key for `purpose` derived from this one (HKDF-SHA256), the same on every node that shares the KEK: for MACs
    /// that one node makes and another checks. Keys for different purposes are unrelated.
    public func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("lanyard/\(purpose)".utf8), outputByteCount: 32)
    }

    /// Seals `plaintext` bound to `context`.
    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw LanyardError(.internal, "AES-GCM produced no combined box.") }
        return Array(combined)
    }

    /// Opens a sealed blob; fails if the key, the context or a single byte differs.
    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw LanyardError(
                .invalidConfiguration, "A stored signing key does not open with this key-encryption key; is it the KEK the data was created with?")
        }
    }
}
