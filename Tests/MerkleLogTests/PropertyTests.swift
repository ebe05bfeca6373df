import MerkleLog
import Testing

/// Flips bit `bit` (0 = least significant of byte 0) of element `element`.
func flipping(_ proof: [[UInt8]], element: Int, bit: Int) -> [[UInt8]] {
    var copy = proof
    copy[element][bit / 8] ^= UInt8(1) << UInt8(bit % 8)
    return copy
}

@Suite("Properties")
struct PropertyTests {
    static let maxSize = 24
    static let leaves = (0..<maxSize).map(generatedLeafData)

    @Test("every inclusion proof the tree produces verifies against the tree's root")
    func everyInclusionProofVerifies() throws {
        var tree = MerkleTree()
        for leaf in Self.leaves {
            try tree.append(leafData: leaf)
            let size = tree.size
            for index in 0..<size {
                let proof = try tree.inclusionProof(leafIndex: index, size: size)
                try verifier.verifyInclusion(
                    leafIndex: index, size: size, leafHash: try tree.leafHash(at: index),
                    proof: proof, root: tree.rootHash)
            }
        }
    }

    @Test("every consistency proof the tree produces verifies between the two roots")
    func everyConsistencyProofVerifies() throws {
        let tree = try makeTree(Self.leaves)
        for size2 in 0...tree.size {
            for size1 in 0...size2 {
                try verifier.verifyConsistency(
                    size1: size1, size2: size2,
                    root1: try tree.rootHash(size: size1), root2: try tree.rootHash(size: size2),
                    proof: try tree.consistencyProof(from: size1, to: size2))
            }
        }
    }

    @Test("flipping any single bit of any inclusion proof element makes verification fail")
    func inclusionBitFlipsFail() throws {
        let tree = try makeTree(Self.leaves)
        var checked = 0
        for size in 1...tree.size {
            let root = try tree.rootHash(size: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(leafIndex: index, size: size)
                let leafHash = try tree.leafHash(at: index)
                for element in proof.indices {
                    for bit in 0..<(8 * sha256Hasher.size) {
                        let error = caughtError {
                            try verifier.verifyInclusion(
                                leafIndex: index, size: size, leafHash: leafHash,
                                proof: flipping(proof, element: element, bit: bit), root: root)
                        }
                        #expect(error?.code == .rootMismatch, "size \(size) index \(index) element \(element) bit \(bit)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test("flipping any single bit of any consistency proof element makes verification fail")
    func consistencyBitFlipsFail() throws {
        let tree = try makeTree(Self.leaves)
        var checked = 0
        for size2 in 1...tree.size {
            let root2 = try tree.rootHash(size: size2)
            for size1 in 1..<size2 {
                let root1 = try tree.rootHash(size: size1)
                let proof = try tree.consistencyProof(from: size1, to: size2)
                for element in proof.indices {
                    for bit in 0..<(8 * sha256Hasher.size) {
                        let error = caughtError {
                            try verifier.verifyConsistency(
                                size1: size1, size2: size2, root1: root1, root2: root2,
                                proof: flipping(proof, element: element, bit: bit))
                        }
                        #expect(error?.code == .rootMismatch, "\(size1)->\(size2) element \(element) bit \(bit)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test("flipping any bit of the leaf hash or the root makes inclusion verification fail")
    func leafAndRootBitFlipsFail() throws {
        let tree = try makeTree(Self.leaves)
        let size = tree.size
        let root = tree.rootHash
        for index in [0, 7, 13, size - 1] {
            let proof = try tree.inclusionProof(leafIndex: index, size: size)
            let leafHash = try tree.leafHash(at: index)
            for bit in 0..<256 {
                var badLeaf = leafHash
                badLeaf[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                var badRoot = root
                badRoot[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                #expect(
                    caughtError {
                        try verifier.verifyInclusion(leafIndex: index, size: size, leafHash: badLeaf, proof: proof, root: root)
                    }?.code == .rootMismatch)
                #expect(
                    caughtError {
                        try verifier.verifyInclusion(leafIndex: index, size: size, leafHash: leafHash, proof: proof, root: badRoot)
                    }?.code == .rootMismatch)
            }
        }
    }

    /// For PATH(m, D[n]): from the leaf up, whether each sibling is on the
    /// right. Straight from the RFC recursion.
    static func siblingSides(_ m: UInt64, _ n: UInt64) -> [Bool] {
        if n <= 1 { return [] }
        let k = UInt64(NaiveMerkle.split(Int(n)))
        return m < k ? siblingSides(m, k) + [true] : siblingSides(m - k, n - k) + [false]
    }

    @Test("an inclusion proof verifies at another index or size only when the RFC path shape is identical")
    func proofsAreBoundToIndexAndSizeShape() throws {
        // The proof does not authenticate the tree size: two sizes whose paths
        // for this index have the same length and left/right pattern accept the
        // same proof (e.g. leaf 0 in sizes 3 and 4). The size must come from an
        // authenticated tree head. Any other index or size must be rejected.
        let tree = try makeTree(Self.leaves)
        var rejected = 0
        for size in UInt64(1)...tree.size {
            let root = try tree.rootHash(size: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(leafIndex: index, size: size)
                let leafHash = try tree.leafHash(at: index)
                let shape = Self.siblingSides(index, size)
                for otherIndex in 0..<size where otherIndex != index {
                    let verified =
                        caughtError {
                            try verifier.verifyInclusion(leafIndex: otherIndex, size: size, leafHash: leafHash, proof: proof, root: root)
                        } == nil
                    #expect(verified == (Self.siblingSides(otherIndex, size) == shape))
                    #expect(!verified)
                    rejected += verified ? 0 : 1
                }
                for otherSize in UInt64(1)...(2 * tree.size) where otherSize != size && index < otherSize {
                    let verified =
                        caughtError {
                            try verifier.verifyInclusion(leafIndex: index, size: otherSize, leafHash: leafHash, proof: proof, root: root)
                        } == nil
                    #expect(verified == (Self.siblingSides(index, otherSize) == shape), "leaf \(index) of \(size) as size \(otherSize)")
                    rejected += verified ? 0 : 1
                }
            }
        }
        #expect(rejected > 1_000)
    }

    @Test("consistency proofs verify only for their own pair of sizes")
    func consistencyProofsAreBoundToSizes() throws {
        let tree = try makeTree(Self.leaves)
        let roots = try (0...tree.size).map { try tree.rootHash(size: $0) }
        for size2 in UInt64(2)...tree.size {
            for size1 in UInt64(1)..<size2 {
                let proof = try tree.consistencyProof(from: size1, to: size2)
                for other1 in UInt64(1)..<size2 where other1 != size1 {
                    #expect(
                        caughtError {
                            try verifier.verifyConsistency(size1: other1, size2: size2, root1: roots[Int(size1)], root2: roots[Int(size2)], proof: proof)
                        } != nil, "\(size1)->\(size2) as \(other1)->\(size2)")
                }
                // Swapped roots never verify.
                #expect(
                    caughtError {
                        try verifier.verifyConsistency(size1: size1, size2: size2, root1: roots[Int(size2)], root2: roots[Int(size1)], proof: proof)
                    }?.code == .rootMismatch)
            }
        }
    }

    @Test("the RFC proof length the verifier demands equals the length of PATH and PROOF for large sizes")
    func proofLengthsMatchRecursion() {
        var rng = SplitMix64(seed: 9162)
        for _ in 0..<2_000 {
            let size = UInt64.random(in: 1...(UInt64(1) << 40), using: &rng)
            let index = UInt64.random(in: 0..<size, using: &rng)
            let size1 = UInt64.random(in: 1...size, using: &rng)
            let proof = [[UInt8]](repeating: [UInt8](repeating: 0, count: 32), count: NaiveMerkle.pathLength(index, size) + 1)
            // One element too many is rejected as a length error, so the
            // verifier's expected length is PATH's length.
            let error = caughtError {
                try verifier.verifyInclusion(leafIndex: index, size: size, leafHash: proof[0], proof: proof, root: proof[0])
            }
            #expect(error?.message == "proof has \(proof.count) elements, expected \(proof.count - 1)")
            let cproof = [[UInt8]](repeating: [UInt8](repeating: 0, count: 32), count: NaiveMerkle.proofLength(size1, size) + 1)
            let cerror = caughtError {
                try verifier.verifyConsistency(size1: size1, size2: size, root1: cproof[0], root2: cproof[0], proof: cproof)
            }
            #expect(cerror?.message == "proof has \(cproof.count) elements, expected \(cproof.count - 1)")
        }
    }
}
