public import Crypto
import Foundation
import LanyardModel

/// A signed note in the C2SP `signed-note` format (the format of Go's `golang.org/x/mod/sumdb/note`), with Ed25519
/// signatures.
///
/// ```
/// <text: one or more lines, each ending in "\n">
/// "\n"
/// "— " <key name> " " base64(key id (4 bytes) ‖ Ed25519 signature of the text (64 bytes)) "\n"   (one or more)
/// ```
///
/// The key id is the first 4 bytes of `SHA-256(key name ‖ "\n" ‖ 0x01 ‖ 32-byte public key)`, where `0x01`
/// identifies Ed25519. The verifier key is written `<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>`.
public struct SignedNote: Sendable, Hashable {
    /// The signed text, ending in a newline.
    public var text: String
    /// The signature lines, in order.
    public var signatures: [Signature]

    /// One signature line.
    public struct Signature: Sendable, Hashable {
        public var keyName: String
        public var keyID: [UInt8]
        public var signature: [UInt8]
    }

    /// The em dash and space that start a signature line.
    static let signaturePrefix = "\u{2014} "

    /// Signs `text` (which must end in a newline and contain no blank line) with `key` under `keyName`.
    public static func sign(_ text: String, keyName: String, key: Curve25519.Signing.PrivateKey) throws -> SignedNote {
        guard text.hasSuffix("\n"), !text.contains("\n\n"), !keyName.isEmpty, !keyName.contains(" "), !keyName.contains("+"),
            !keyName.contains("\n")
        else { throw LanyardError(.internal, "A note to sign must end in a newline, have no blank line, and a key name without spaces.") }
        let signature = try key.signature(for: Array(text.utf8))
        let id = keyID(name: keyName, publicKey: Array(key.publicKey.rawRepresentation))
        return SignedNote(text: text, signatures: [Signature(keyName: keyName, keyID: id, signature: Array(signature))])
    }

    /// The note as published: text, blank line, signature lines.
    public var rendered: String {
        text + "\n"
            + signatures.map { Self.signaturePrefix + $0.keyName + " " + Data($0.keyID + $0.signature).base64EncodedString() + "\n" }.joined()
    }

    /// Parses a published note.
    ///
    /// - Throws: `invalid_field` (field `note`) when it is not a signed note.
    public init(parsing note: String) throws {
        let invalid = LanyardError.invalid("note", "This is not a signed note: text lines, a blank line, then '— name signature' lines.")
        guard let split = note.range(of: "\n\n"), note.hasSuffix("\n") else { throw invalid }
        let text = String(note[..<split.lowerBound]) + "\n"
        var signatures: [Signature] = []
        for line in note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard line.hasPrefix(Self.signaturePrefix) else { throw invalid }
            let parts = line.dropFirst(Self.signaturePrefix.count).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let blob = Data(base64Encoded: String(parts[1])), blob.count > 4 else { throw invalid }
            signatures.append(Signature(keyName: String(parts[0]), keyID: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw invalid }
        self.text = text
        self.signatures = signatures
    }

    private init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Whether a signature line by `keyName` with the key id of `publicKey` verifies over ``text``.
    public func isSigned(keyName: String, publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        let id = Self.keyID(name: keyName, publicKey: publicKey)
        let message = Array(text.utf8)
        return signatures.contains { $0.keyName == keyName && $0.keyID == id && key.isValidSignature($0.signature, for: message) }
    }

    /// The 4-byte key id of an Ed25519 key.
    public static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// The verifier key text, `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
    public static func verifierKey(name: String, publicKey: [UInt8]) -> String {
        let hex = keyID(name: name, publicKey: publicKey).map { String(format: "%02x", $0) }.joined()
        return "\(name)+\(hex)+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// Parses a verifier key text into its name and Ed25519 public key; nil when malformed or when the key id does
    /// not match.
    public static func parseVerifierKey(_ text: String) -> (name: String, publicKey: [UInt8])? {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == 0x01 else { return nil }
        let name = String(parts[0])
        let key = Array(blob.dropFirst())
        let hex = keyID(name: name, publicKey: key).map { String(format: "%02x", $0) }.joined()
        guard hex == parts[1] else { return nil }
        return (name, key)
    }
}
