/// An append-only, in-memory RFC 9162 Merkle tree over leaf hashes.
///
/// The tree keeps the hash of every complete (perfect, aligned) subtree, level
/// by level, in contiguous buffers: about `2 * size * hasher.size` bytes
/// (64 MiB for a million SHA-256 leaves). With them:
/// - ``append(leafHash:)`` costs amortized O(1) hashes;
/// - ``rootHash(size:)`` for any size up to ``size`` costs O(log n) hashes;
/// - ``inclusionProof(leafIndex:size:)`` and ``consistencyProof(from:to:)``
///   cost O(log² n) hashes (O(log n) subtree roots of O(log n) each).
///
/// Proofs and roots for earlier sizes are exactly those of the tree built from
/// the first `size` leaves (RFC 9162 §2.1.1–§2.1.4). `MerkleTree` is a value
/// type with copy-on-write storage.
///
/// Requires a ``MerkleHasher`` that honours its contract (constant positive
/// `size`, `size`-byte results); every operation checks its own arguments.
public struct MerkleTree<Hasher: MerkleHasher>: Sendable {
    /// The hashing strategy of this tree. Requires nothing.
    public let hasher: Hasher

    /// `levels[k]` holds the hashes of the complete subtrees of height `k`
    /// (covering `2^k` leaves), left to right, concatenated.
    private var levels: [[UInt8]]

    /// The number of leaves; always `levels[0].count / hasher.size`.
    private var leafCount: UInt64

    /// Creates an empty tree that hashes with `hasher`.
    ///
    /// Requires `hasher.size > 0`; a hasher that reports a non-positive size
    /// yields a tree that rejects every append with
    /// ``MerkleErrorCode/wrongHashLength``.
    public init(hasher: Hasher) {
        self.hasher = hasher
        self.levels = [[]]
        self.leafCount = 0
    }

    /// The number of leaves appended so far. Requires nothing.
    public var size: UInt64 { leafCount }

    /// The root hash of the whole tree, `MTH(D[0:size])`; the hasher's empty
    /// root for an empty tree. Requires nothing.
    public var rootHash: [UInt8] {
        leafCount == 0 ? hasher.emptyRoot : subtreeHash(start: 0, end: leafCount)
    }

    /// Appends a leaf by its leaf hash (already computed with
    /// `hasher.hashLeaf`).
    ///
    /// Requires `leafHash.count == hasher.size` and fewer than
    /// ``maximumSize`` leaves in the tree.
    ///
    /// - Returns: the index of the new leaf (the previous ``size``).
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/wrongHashLength``
    ///   or ``MerkleErrorCode/capacityExceeded``; the tree is then unchanged.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) throws(MerkleError) -> UInt64 {
        let hashSize = hasher.size
        guard hashSize > 0, leafHash.count == hashSize else {
            throw .wrongHashLength("leaf hash", expected: hashSize, got: leafHash.count)
        }
        guard leafCount < maximumSize else {
            throw MerkleError(
                code: .capacityExceeded,
                message: "the tree already holds the maximum of \(maximumSize) leaves")
        }
        let index = leafCount
        levels[0].append(contentsOf: leafHash)
        // Every time a new node completes a pair, hash the pair into its parent.
        var level = 0
        var position = index
        var node = leafHash
        while position & 1 == 1 {
            let left = nodeHash(level: level, index: position - 1)
            node = hasher.hashChildren(left, node)
            level += 1
            position >>= 1
            if levels.count == level {
                levels.append([])
            }
            levels[level].append(contentsOf: node)
        }
        leafCount = index + 1
        return index
    }

    /// Appends a leaf by its entry data; the tree stores `hasher.hashLeaf(data)`.
    ///
    /// Requires fewer than ``maximumSize`` leaves in the tree; `data` may be
    /// empty.
    ///
    /// - Returns: the index of the new leaf.
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/capacityExceeded``
    ///   (or ``MerkleErrorCode/wrongHashLength`` if the hasher breaks its own
    ///   size contract).
    @discardableResult
    public mutating func append(leafData data: [UInt8]) throws(MerkleError) -> UInt64 {
        try append(leafHash: hasher.hashLeaf(data))
    }

    /// The most leaves a tree can hold: the number of `hasher.size`-byte
    /// hashes that fit in one array. Requires nothing.
    public var maximumSize: UInt64 {
        let hashSize = hasher.size
        guard hashSize > 0 else { return 0 }
        return UInt64(Int.max / hashSize)
    }

    /// The leaf hash stored at `index`.
    ///
    /// Requires `0 <= index < size`.
    ///
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/indexOutOfRange``.
    public func leafHash(at index: UInt64) throws(MerkleError) -> [UInt8] {
        guard index < leafCount else { throw .indexOutOfRange(index: index, size: leafCount) }
        return nodeHash(level: 0, index: index)
    }

    /// The root hash of the tree formed by the first `size` leaves,
    /// `MTH(D[0:size])`, as it was when the tree had that size.
    ///
    /// Requires `0 <= size <= self.size`. Size 0 gives the hasher's empty root.
    ///
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/sizeOutOfRange``.
    public func rootHash(size: UInt64) throws(MerkleError) -> [UInt8] {
        guard size <= leafCount else { throw .sizeOutOfRange(requested: size, available: leafCount) }
        return size == 0 ? hasher.emptyRoot : subtreeHash(start: 0, end: size)
    }

    /// The inclusion proof `PATH(leafIndex, D[0:size])` (RFC 9162 §2.1.3.1):
    /// sibling hashes from the leaf up to the root of the tree of the first
    /// `size` leaves.
    ///
    /// Requires `0 <= leafIndex < size <= self.size`.
    ///
    /// - Returns: the proof, leaf-side element first; empty when `size == 1`.
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/sizeOutOfRange``,
    ///   ``MerkleErrorCode/emptyTree`` or ``MerkleErrorCode/indexOutOfRange``.
    public func inclusionProof(leafIndex: UInt64, size: UInt64) throws(MerkleError) -> [[UInt8]] {
        guard size <= leafCount else { throw .sizeOutOfRange(requested: size, available: leafCount) }
        guard size > 0 else { throw .emptyTree("an inclusion proof") }
        guard leafIndex < size else { throw .indexOutOfRange(index: leafIndex, size: size) }

        // Walk down from the root; the RFC's recursion appends the sibling
        // after the deeper part, so the collected list is reversed at the end.
        var topDown: [[UInt8]] = []
        var start: UInt64 = 0
        var end = size
        while end - start > 1 {
            let split = start + TreeMath.largestPowerOfTwoBelow(end - start)
            if leafIndex < split {
                topDown.append(subtreeHash(start: split, end: end))
                end = split
            } else {
                topDown.append(subtreeHash(start: start, end: split))
                start = split
            }
        }
        return topDown.reversed()
    }

    /// The consistency proof `PROOF(from, D[0:to])` (RFC 9162 §2.1.4.1)
    /// between the trees of the first `from` and the first `to` leaves.
    ///
    /// Requires `0 <= from <= to <= self.size`. When `from == 0` or
    /// `from == to` there is nothing to prove and the proof is empty (these are
    /// the sizes the verifier accepts with an empty proof).
    ///
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/sizeOrder`` or
    ///   ``MerkleErrorCode/sizeOutOfRange``.
    public func consistencyProof(from: UInt64, to: UInt64) throws(MerkleError) -> [[UInt8]] {
        guard from <= to else { throw .sizeOrder(first: from, second: to) }
        guard to <= leafCount else { throw .sizeOutOfRange(requested: to, available: leafCount) }
        guard from > 0, from < to else { return [] }

        // SUBPROOF(m, D[start:end], b) unrolled; `from` stays absolute, so the
        // RFC's `m == n` is `from == end` and `m <= k` is `from <= split`.
        var topDown: [[UInt8]] = []
        var start: UInt64 = 0
        var end = to
        var haveRoot = true  // The RFC's `b`.
        while from != end {
            let split = start + TreeMath.largestPowerOfTwoBelow(end - start)
            if from <= split {
                topDown.append(subtreeHash(start: split, end: end))
                end = split
            } else {
                topDown.append(subtreeHash(start: start, end: split))
                start = split
                haveRoot = false
            }
        }
        if !haveRoot {
            topDown.append(subtreeHash(start: start, end: end))
        }
        return topDown.reversed()
    }

    // MARK: - Internals

    /// The stored hash of the complete subtree at `level` and `index`, which
    /// covers leaves `[index << level, (index + 1) << level)`.
    /// Requires that subtree to be complete within the tree.
    private func nodeHash(level: Int, index: UInt64) -> [UInt8] {
        let hashSize = hasher.size
        // index < leafCount >> level, and leafCount * hashSize fits in Int.
        let offset = Int(truncatingIfNeeded: index) * hashSize
        return Array(levels[level][offset..<(offset + hashSize)])
    }

    /// `MTH(D[start:end])` for a range that occurs in the RFC's recursive
    /// split of some tree of at most ``size`` leaves: `start < end <= size` and
    /// `start` is a multiple of the smallest power of two `>= end - start`.
    ///
    /// Such a range splits into complete subtrees of decreasing size (the set
    /// bits of `end - start`), each stored; the RFC's MTH nests them to the
    /// right, so they are folded from the right. O(log n) hashes.
    private func subtreeHash(start: UInt64, end: UInt64) -> [UInt8] {
        var parts: [[UInt8]] = []
        var cursor = start
        var remaining = end - start
        while remaining != 0 {
            let height = 63 - remaining.leadingZeroBitCount
            let width = UInt64(1) << UInt64(height)
            parts.append(nodeHash(level: height, index: cursor >> UInt64(height)))
            cursor += width
            remaining -= width
        }
        guard var hash = parts.popLast() else { return hasher.emptyRoot }
        while let left = parts.popLast() {
            hash = hasher.hashChildren(left, hash)
        }
        return hash
    }
}

extension MerkleTree where Hasher == RFC9162SHA256Hasher {
    /// Creates an empty RFC 9162 SHA-256 tree. Requires nothing.
    public init() {
        self.init(hasher: RFC9162SHA256Hasher())
    }
}
