/// Stateless verification of RFC 9162 inclusion and consistency proofs.
///
/// A verifier holds only its ``hasher``; it needs no access to the tree. The
/// algorithms are those of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
/// (consistency), step by step. Before running them, each function checks its
/// preconditions and reports a violated one as a ``MerkleError`` with a stable
/// code, so a caller can tell "malformed input" from "not proven"
/// (``RootMismatch``). The checks are made in this order:
///
/// 1. every hash has the hasher's length (``MerkleErrorCode/wrongHashLength``);
/// 2. the sizes and index are in range (``MerkleErrorCode/emptyTree``,
///    ``MerkleErrorCode/indexOutOfRange``, ``MerkleErrorCode/sizeOrder``);
/// 3. the proof has exactly the length the RFC algorithm consumes for those
///    sizes (``MerkleErrorCode/wrongProofLength``);
/// 4. the recomputed root(s) equal the expected ones (``RootMismatch``).
///
/// Nothing here traps, whatever the input.
///
/// Requires a ``MerkleHasher`` that honours its contract; every function
/// checks its own arguments.
public struct MerkleVerifier<Hasher: MerkleHasher>: Sendable {
    /// The hashing strategy the proofs were built with. Requires nothing.
    public let hasher: Hasher

    /// Creates a verifier for trees hashed with `hasher`. Requires nothing.
    public init(hasher: Hasher) {
        self.hasher = hasher
    }

    /// Recomputes the root of a tree of `size` leaves from the hash of the leaf
    /// at `leafIndex` and its inclusion proof (RFC 9162 §2.1.3.2, steps 1–4).
    ///
    /// Compare the result with a trusted root yourself, or call
    /// ``verifyInclusion(leafIndex:size:leafHash:proof:root:)``.
    ///
    /// Requires `0 <= leafIndex < size` (so `size >= 1`), `leafHash` and every
    /// proof element to be `hasher.size` bytes, and `proof` to have exactly as
    /// many elements as the RFC algorithm consumes for `leafIndex` and `size`
    /// (0 for a one-leaf tree, at most 64).
    ///
    /// - Returns: the root hash implied by the proof.
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/wrongHashLength``,
    ///   ``MerkleErrorCode/emptyTree``, ``MerkleErrorCode/indexOutOfRange`` or
    ///   ``MerkleErrorCode/wrongProofLength`` when a requirement is not met.
    public func rootFromInclusionProof(
        leafIndex: UInt64,
        size: UInt64,
        leafHash: [UInt8],
        proof: [[UInt8]]
    ) throws(MerkleError) -> [UInt8] {
        try checkHashLength(leafHash, "leaf hash")
        try checkProofHashLengths(proof)
        guard size > 0 else { throw .emptyTree("an inclusion proof") }
        // RFC 9162 §2.1.3.2 step 1.
        guard leafIndex < size else { throw .indexOutOfRange(index: leafIndex, size: size) }
        let expectedLength = TreeMath.inclusionProofLength(leafIndex: leafIndex, size: size)
        guard proof.count == expectedLength else {
            throw .wrongProofLength(expected: expectedLength, got: proof.count)
        }

        // Step 2.
        var fn = leafIndex
        var sn = size - 1
        // Step 3.
        var r = leafHash
        // Step 4.
        for p in proof {
            // 4a.
            guard sn != 0 else { throw .invalidProof("inclusion proof has elements left after sn reached 0") }
            // 4b.
            if fn & 1 == 1 || fn == sn {
                // 4b.i.
                r = hasher.hashChildren(p, r)
                // 4b.ii.
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // 4b, otherwise.
                r = hasher.hashChildren(r, p)
            }
            // 4c.
            fn >>= 1
            sn >>= 1
        }
        // Step 5, first half (the root comparison is the caller's).
        guard sn == 0 else { throw .invalidProof("inclusion proof ended before sn reached 0") }
        return r
    }

    /// Checks that the leaf with hash `leafHash` is at `leafIndex` in the tree
    /// of `size` leaves whose root is `root` (RFC 9162 §2.1.3.2, all steps).
    ///
    /// Requires `0 <= leafIndex < size`, `leafHash`, `root` and every proof
    /// element to be `hasher.size` bytes, and `proof` to have exactly the RFC
    /// length for `leafIndex` and `size`.
    ///
    /// - Throws: ``MerkleError`` when a requirement is not met (see
    ///   ``rootFromInclusionProof(leafIndex:size:leafHash:proof:)``), or
    ///   ``RootMismatch`` (role ``RootMismatch/Role/root``) when the proof
    ///   leads to a different root. Returns normally only if inclusion is proven.
    public func verifyInclusion(
        leafIndex: UInt64,
        size: UInt64,
        leafHash: [UInt8],
        proof: [[UInt8]],
        root: [UInt8]
    ) throws {
        try checkHashLength(root, "root")
        let computed = try rootFromInclusionProof(
            leafIndex: leafIndex, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw RootMismatch(role: .root, expected: root, computed: computed)
        }
    }

    /// Checks that the tree of `size2` leaves with root `root2` is an
    /// append-only extension of the tree of `size1` leaves with root `root1`
    /// (RFC 9162 §2.1.4.2).
    ///
    /// The RFC algorithm covers `0 < size1 < size2`. The two edge cases are
    /// decided without it, and both require an empty `proof`:
    /// - `size1 == size2`: `root1` must equal `root2` (and, for size 0, the
    ///   hasher's empty root);
    /// - `size1 == 0 < size2`: `root1` must be the hasher's empty root
    ///   (`MTH({})`); every tree extends the empty tree.
    ///
    /// Requires `0 <= size1 <= size2`, `root1`, `root2` and every proof element
    /// to be `hasher.size` bytes, and `proof` to have exactly the RFC length
    /// for `size1` and `size2` (0 in the edge cases above).
    ///
    /// - Throws: ``MerkleError`` with code ``MerkleErrorCode/wrongHashLength``,
    ///   ``MerkleErrorCode/sizeOrder`` or ``MerkleErrorCode/wrongProofLength``
    ///   when a requirement is not met, or ``RootMismatch`` (role
    ///   ``RootMismatch/Role/firstRoot`` or ``RootMismatch/Role/secondRoot``)
    ///   when a recomputed root differs. Returns normally only if consistency
    ///   is proven.
    public func verifyConsistency(
        size1: UInt64,
        size2: UInt64,
        root1: [UInt8],
        root2: [UInt8],
        proof: [[UInt8]]
    ) throws {
        try checkHashLength(root1, "root1")
        try checkHashLength(root2, "root2")
        try checkProofHashLengths(proof)
        guard size1 <= size2 else { throw MerkleError.sizeOrder(first: size1, second: size2) }

        if size1 == 0 || size1 == size2 {
            guard proof.isEmpty else {
                throw MerkleError.wrongProofLength(expected: 0, got: proof.count)
            }
            if size1 == 0 {
                let empty = hasher.emptyRoot
                guard root1 == empty else {
                    throw RootMismatch(role: .firstRoot, expected: root1, computed: empty)
                }
            }
            if size1 == size2 {
                guard root2 == root1 else {
                    throw RootMismatch(role: .secondRoot, expected: root2, computed: root1)
                }
            }
            return
        }

        // From here on 0 < size1 < size2.
        let expectedLength = TreeMath.consistencyProofLength(size1: size1, size2: size2)
        guard proof.count == expectedLength else {
            throw MerkleError.wrongProofLength(expected: expectedLength, got: proof.count)
        }
        let (fr, sr) = try rootsFromConsistencyPath(
            size1: size1, size2: size2, root1: root1, proof: proof)
        // Step 7.
        guard fr == root1 else {
            throw RootMismatch(role: .firstRoot, expected: root1, computed: fr)
        }
        guard sr == root2 else {
            throw RootMismatch(role: .secondRoot, expected: root2, computed: sr)
        }
    }

    /// RFC 9162 §2.1.4.2 steps 1–6 and the `sn == 0` part of step 7.
    /// Requires `0 < size1 < size2` and hashes of the right length.
    private func rootsFromConsistencyPath(
        size1: UInt64,
        size2: UInt64,
        root1: [UInt8],
        proof: [[UInt8]]
    ) throws(MerkleError) -> (first: [UInt8], second: [UInt8]) {
        // Step 1.
        guard !proof.isEmpty else { throw .invalidProof("consistency proof is empty") }
        // Step 2.
        let path = TreeMath.isPowerOfTwo(size1) ? [root1] + proof : proof
        // Step 3.
        var fn = size1 - 1
        var sn = size2 - 1
        // Step 4.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5.
        var fr = path[0]
        var sr = path[0]
        // Step 6.
        for c in path.dropFirst() {
            // 6a.
            guard sn != 0 else { throw .invalidProof("consistency proof has elements left after sn reached 0") }
            // 6b.
            if fn & 1 == 1 || fn == sn {
                // 6b.i and 6b.ii.
                fr = hasher.hashChildren(c, fr)
                sr = hasher.hashChildren(c, sr)
                // 6b.iii.
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // 6b, otherwise.
                sr = hasher.hashChildren(sr, c)
            }
            // 6c.
            fn >>= 1
            sn >>= 1
        }
        // Step 7, the sn part.
        guard sn == 0 else { throw .invalidProof("consistency proof ended before sn reached 0") }
        return (fr, sr)
    }

    private func checkHashLength(_ hash: [UInt8], _ what: String) throws(MerkleError) {
        guard hash.count == hasher.size else {
            throw .wrongHashLength(what, expected: hasher.size, got: hash.count)
        }
    }

    private func checkProofHashLengths(_ proof: [[UInt8]]) throws(MerkleError) {
        for (i, element) in proof.enumerated() where element.count != hasher.size {
            throw .wrongHashLength("proof element \(i)", expected: hasher.size, got: element.count)
        }
    }
}

extension MerkleVerifier where Hasher == RFC9162SHA256Hasher {
    /// Creates a verifier for RFC 9162 SHA-256 trees. Requires nothing.
    public init() {
        self.init(hasher: RFC9162SHA256Hasher())
    }
}
