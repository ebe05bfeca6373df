import Crypto
public import LanyardModel
import MerkleLog

/// An audit event's leaf before storage has given it a sequence number: the canonical text before and after the
/// number, and SHA-256 already run over the leaf prefix byte and the part before it.
///
/// The part before the number holds `details`, the large part of an event (a batch of decision records is tens of
/// kilobytes), so a request builds the draft on its own task and the store's single writer only appends a number
/// and hashes a few dozen bytes (``sequenced(_:)``). The result is byte for byte ``AuditLeaf/init(_:)`` of the event
/// at that sequence.
public struct AuditLeafDraft: Sendable {
    private let head: [UInt8]
    private let tail: [UInt8]
    /// SHA-256 over `0x00 ‖ head`, to be continued with the number and `tail`.
    private let hashedHead: SHA256

    /// The draft of `event`'s leaf; its ``AuditEvent/sequence`` is ignored.
    public init(_ event: AuditEvent) {
        let (head, tail) = event.canonicalLeafParts()
        var sha = SHA256()
        withUnsafeBytes(of: RFC9162SHA256Hasher.leafPrefix) { sha.update(bufferPointer: $0) }
        head.withUnsafeBytes { sha.update(bufferPointer: $0) }
        self.head = head
        self.tail = tail
        hashedHead = sha
    }

    /// The leaf at `sequence`.
    public func sequenced(_ sequence: Int64) -> AuditLeaf {
        let number = Array(String(sequence).utf8)
        var sha = hashedHead
        sha.update(data: number)
        sha.update(data: tail)
        var leaf = head
        leaf.append(contentsOf: number)
        leaf.append(contentsOf: tail)
        return AuditLeaf(text: String(decoding: leaf, as: UTF8.self), hash: Array(sha.finalize()))
    }
}
