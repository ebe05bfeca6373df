import MerkleLog
import Testing

/// Checks the real implementation against `NaiveMerkle`, the direct
/// transcription of the RFC's recursive definitions, on every small shape.
@Suite("Cross-check against the naive RFC reference")
struct CrossCheckTests {
    static let maxSize = 70
    static let leaves = (0..<maxSize).map(generatedLeafData)

    @Test("roots match MTH for every size from 0 to 70")
    func roots() throws {
        let tree = try makeTree(Self.leaves)
        let naive = NaiveMerkle(leaves: Self.leaves)
        for n in 0...Self.maxSize {
            #expect(try tree.rootHash(size: UInt64(n)) == naive.root(size: n), "size \(n)")
        }
    }

    @Test("inclusion proofs match PATH for every size up to 70 and every index, and verify")
    func inclusionProofs() throws {
        let tree = try makeTree(Self.leaves)
        let naive = NaiveMerkle(leaves: Self.leaves)
        for n in 1...Self.maxSize {
            let root = naive.root(size: n)
            for m in 0..<n {
                let proof = try tree.inclusionProof(leafIndex: UInt64(m), size: UInt64(n))
                let expected = naive.inclusionProof(m, size: n)
                #expect(proof == expected, "PATH(\(m), D[\(n)])")
                #expect(proof.count == NaiveMerkle.pathLength(UInt64(m), UInt64(n)))
                let leafHash = sha256Hasher.hashLeaf(Self.leaves[m])
                #expect(throws: Never.self) {
                    try verifier.verifyInclusion(
                        leafIndex: UInt64(m), size: UInt64(n), leafHash: leafHash, proof: expected, root: root)
                }
            }
        }
    }

    @Test("consistency proofs match PROOF for every pair of sizes up to 70, and verify")
    func consistencyProofs() throws {
        let tree = try makeTree(Self.leaves)
        let naive = NaiveMerkle(leaves: Self.leaves)
        let roots = (0...Self.maxSize).map { naive.root(size: $0) }
        for n in 0...Self.maxSize {
            for m in 0...n {
                let proof = try tree.consistencyProof(from: UInt64(m), to: UInt64(n))
                let expected = naive.consistencyProof(m, n)
                #expect(proof == expected, "PROOF(\(m), D[\(n)])")
                #expect(proof.count == NaiveMerkle.proofLength(UInt64(m), UInt64(n)))
                #expect(throws: Never.self) {
                    try verifier.verifyConsistency(
                        size1: UInt64(m), size2: UInt64(n), root1: roots[m], root2: roots[n], proof: expected)
                }
            }
        }
    }

    @Test("proofs for a smaller size do not change as the tree keeps growing")
    func historicalProofsAreStable() throws {
        var tree = MerkleTree()
        var snapshots: [(size: UInt64, root: [UInt8], proof: [[UInt8]])] = []
        for (i, leaf) in Self.leaves.prefix(40).enumerated() {
            try tree.append(leafData: leaf)
            let size = UInt64(i + 1)
            snapshots.append((size, tree.rootHash, try tree.inclusionProof(leafIndex: size / 2, size: size)))
        }
        for snapshot in snapshots {
            #expect(try tree.rootHash(size: snapshot.size) == snapshot.root)
            #expect(try tree.inclusionProof(leafIndex: snapshot.size / 2, size: snapshot.size) == snapshot.proof)
        }
    }
}
