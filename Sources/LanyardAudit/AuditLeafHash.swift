import Foundation
public import LanyardModel
import MerkleLog

/// The leaf hash of an audit event: `SHA-256(0x00 ‖ canonical leaf bytes)` (RFC 9162 §2.1.1), and how it is written
/// down (standard base64 with padding, as in checkpoints).
public enum AuditLeafHash {
    /// The 32-byte leaf hash of a canonical leaf text.
    public static func of(_ leaf: String) -> [UInt8] {
        RFC9162SHA256Hasher().hashLeaf(Array(leaf.utf8))
    }

    /// The 32-byte leaf hash of canonical leaf bytes.
    public static func of(_ leaf: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        RFC9162SHA256Hasher().hashLeaf(UnsafeRawBufferPointer(leaf))
    }

    /// Base64 of a hash.
    public static func encode(_ hash: [UInt8]) -> String { Data(hash).base64EncodedString() }

    /// A 32-byte hash from its base64 text; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text), data.count == 32 else { return nil }
        return Array(data)
    }
}

/// What storage keeps of one sequenced audit event: its canonical leaf text and that text's leaf hash (base64).
/// Storage assigns ``AuditEvent/sequence`` and stores these bytes; it never assembles them itself.
public struct AuditLeaf: Sendable, Hashable {
    /// The canonical leaf text (see `AuditEvent.canonicalLeaf()`).
    public let text: String
    /// The 32-byte leaf hash of ``text``.
    public let hash: [UInt8]

    /// The leaf of `event` at its ``AuditEvent/sequence`` (which must already be assigned).
    public init(_ event: AuditEvent) {
        text = event.canonicalLeaf()
        hash = AuditLeafHash.of(text)
    }

    init(text: String, hash: [UInt8]) {
        self.text = text
        self.hash = hash
    }

    /// ``hash`` as stored and published: standard base64.
    public var encodedHash: String { AuditLeafHash.encode(hash) }
}
