/// The right edge of an RFC 9162 tree: the roots of its complete subtrees, largest first (the binary decomposition
/// of its size, a "compact range" from leaf 0). Enough to append leaves and compute the root at the current size in
/// O(log n) memory, which is all a verifier or a checkpoint signer needs however long the log is.
///
/// Unlike ``MerkleTree`` it keeps no leaves, so it cannot make proofs.
///
/// Requires a ``MerkleHasher`` that honours its contract (constant positive `size`, `size`-byte results).
public struct MerkleFrontier<Hasher: MerkleHasher>: Sendable {
    /// The hashing strategy of this range. Requires nothing.
    public let hasher: Hasher
    /// `(height, hash)` of each complete subtree, left to right; heights strictly decrease.
    private var nodes: [(height: Int, hash: [UInt8])] = []

    /// The number of leaves appended. Requires nothing.
    public private(set) var size: UInt64 = 0

    /// Creates an empty range that hashes with `hasher`. Requires nothing.
    public init(hasher: Hasher) {
        self.hasher = hasher
    }

    /// Appends a leaf by its leaf hash (already computed with `hasher.hashLeaf`).
    ///
    /// Requires `leafHash.count == hasher.size` and fewer than `UInt64.max` leaves.
    ///
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/wrongHashLength`` or
    ///   ``MerkleErrorCode/capacityExceeded``; the range is then unchanged.
    public mutating func append(leafHash: [UInt8]) throws(MerkleError) {
        let hashSize = hasher.size
        guard hashSize > 0, leafHash.count == hashSize else {
            throw MerkleError.wrongHashLength("leaf hash", expected: hashSize, got: leafHash.count)
        }
        guard size < UInt64.max else {
            throw MerkleError(code: .capacityExceeded, message: "the range already holds \(size) leaves")
        }
        var node = (height: 0, hash: leafHash)
        while let last = nodes.last, last.height == node.height {
            nodes.removeLast()
            node = (last.height + 1, hasher.hashChildren(last.hash, node.hash))
        }
        nodes.append(node)
        size += 1
    }

    /// `MTH(D[0:size])`: the subtrees folded from the right, as RFC 9162 nests them; the hasher's empty root for an
    /// empty range. Requires nothing.
    public var rootHash: [UInt8] {
        guard var root = nodes.last?.hash else { return hasher.emptyRoot }
        for node in nodes.dropLast().reversed() { root = hasher.hashChildren(node.hash, root) }
        return root
    }
}

extension MerkleFrontier where Hasher == RFC9162SHA256Hasher {
    /// Creates an empty RFC 9162 SHA-256 range. Requires nothing.
    public init() {
        self.init(hasher: RFC9162SHA256Hasher())
    }
}
