import Crypto

/// The RFC 9162 (and RFC 6962) Merkle tree hasher built on SHA-256.
///
/// - leaf hash: `SHA-256(0x00 || data)`
/// - node hash: `SHA-256(0x01 || left || right)`
/// - empty tree hash: `SHA-256("")`
///
/// All hashes are 32 bytes.
///
/// Requires nothing.
public struct RFC9162SHA256Hasher: MerkleHasher, Hashable {
    /// The domain-separation prefix byte that precedes leaf data (`0x00`). Requires nothing.
    public static let leafPrefix: UInt8 = 0x00

    /// The domain-separation prefix byte that precedes two child hashes (`0x01`). Requires nothing.
    public static let nodePrefix: UInt8 = 0x01

    /// Creates the hasher. Requires nothing.
    public init() {}

    /// Always 32, the SHA-256 digest length. Requires nothing.
    public var size: Int { SHA256.byteCount }

    /// `SHA-256("")`, i.e.
    /// `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`.
    /// Requires nothing.
    public var emptyRoot: [UInt8] {
        Array(SHA256.hash(data: [UInt8]()))
    }

    /// `SHA-256(0x00 || data)`. Requires nothing; `data` may be empty.
    public func hashLeaf(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { hashLeaf($0) }
    }

    /// `SHA-256(0x00 || data)` of bytes in memory, without copying them into an array. Requires nothing.
    public func hashLeaf(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var sha = SHA256()
        withUnsafeBytes(of: Self.leafPrefix) { sha.update(bufferPointer: $0) }
        sha.update(bufferPointer: data)
        return Array(sha.finalize())
    }

    /// `SHA-256(0x01 || left || right)`.
    ///
    /// Requires: `left` and `right` in tree order. Any lengths are hashed as
    /// given; the tree and verifier only ever pass 32-byte values.
    public func hashChildren(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        withUnsafeBytes(of: Self.nodePrefix) { sha.update(bufferPointer: $0) }
        sha.update(data: left)
        sha.update(data: right)
        return Array(sha.finalize())
    }
}
