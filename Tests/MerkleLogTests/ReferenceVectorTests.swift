import MerkleLog
import Testing

/// Published vectors for the 8-leaf RFC 6962 reference tree (leaves in
/// `referenceLeafInputs`). Sources: transparency-dev/merkle
/// `testonly/constants.go` (roots and node hashes), `testonly/reference_test.go`
/// and `proof/verify_test.go` (inclusion and consistency proofs); the same
/// tables appear in certificate-transparency's merkle tree tests, from which
/// they originate (C++ ReferenceMerklePath / ReferenceSnapshotConsistency).
enum ReferenceVectors {
    /// MTH of the first n leaves, n = 0...8.
    static let roots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// Complete-subtree hashes: level 0 are the leaf hashes.
    static let nodeHashes: [[String]] = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ]

    struct Inclusion: Sendable, CustomTestStringConvertible {
        let index: UInt64
        let size: UInt64
        let proof: [String]
        var testDescription: String { "leaf \(index) of \(size)" }
    }

    /// Inclusion proofs (0-based leaf index).
    static let inclusion: [Inclusion] = [
        Inclusion(index: 0, size: 1, proof: []),
        Inclusion(
            index: 0, size: 2,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
            ]),
        Inclusion(
            index: 1, size: 2,
            proof: [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
            ]),
        Inclusion(
            index: 2, size: 3,
            proof: [
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
            ]),
        Inclusion(
            index: 1, size: 5,
            proof: [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
        Inclusion(
            index: 0, size: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        Inclusion(
            index: 5, size: 8,
            proof: [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
    ]

    struct Consistency: Sendable, CustomTestStringConvertible {
        let size1: UInt64
        let size2: UInt64
        let proof: [String]
        var testDescription: String { "\(size1) -> \(size2)" }
    }

    static let consistency: [Consistency] = [
        Consistency(size1: 1, size2: 1, proof: []),
        Consistency(
            size1: 1, size2: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        Consistency(
            size1: 6, size2: 8,
            proof: [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        Consistency(
            size1: 2, size2: 5,
            proof: [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
        Consistency(
            size1: 6, size2: 7,
            proof: [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
    ]
}

@Suite("RFC 6962 / 9162 reference tree vectors")
struct ReferenceVectorTests {
    @Test("the tree's root at every size 0 through 8 matches the published roots")
    func rootsAtEverySize() throws {
        let tree = try makeTree(referenceLeafInputs)
        #expect(tree.size == 8)
        for size in 0...8 {
            #expect(
                TestHex.encode(try tree.rootHash(size: UInt64(size))) == ReferenceVectors.roots[size],
                "size \(size)")
        }
        #expect(TestHex.encode(tree.rootHash) == ReferenceVectors.roots[8])
    }

    @Test("a tree grown one leaf at a time has the published root after each append")
    func rootsWhileGrowing() throws {
        var tree = MerkleTree()
        #expect(TestHex.encode(tree.rootHash) == ReferenceVectors.roots[0])
        for (i, leaf) in referenceLeafInputs.enumerated() {
            let index = try tree.append(leafData: leaf)
            #expect(index == UInt64(i))
            #expect(TestHex.encode(tree.rootHash) == ReferenceVectors.roots[i + 1])
        }
    }

    @Test("the leaf hashes and complete subtree hashes match the published node hashes")
    func nodeHashes() throws {
        let tree = try makeTree(referenceLeafInputs)
        for (i, expected) in ReferenceVectors.nodeHashes[0].enumerated() {
            #expect(TestHex.encode(try tree.leafHash(at: UInt64(i))) == expected)
        }
        // A complete subtree of height h starting at leaf 0 is the root of size 2^h.
        for level in 1..<ReferenceVectors.nodeHashes.count {
            #expect(
                TestHex.encode(try tree.rootHash(size: UInt64(1) << UInt64(level)))
                    == ReferenceVectors.nodeHashes[level][0])
        }
        // The naive reference reproduces every published node hash.
        let naive = NaiveMerkle(leaves: referenceLeafInputs)
        for (level, row) in ReferenceVectors.nodeHashes.enumerated() {
            let width = 1 << level
            for (i, expected) in row.enumerated() {
                #expect(TestHex.encode(naive.mth(referenceLeafInputs[(i * width)..<((i + 1) * width)])) == expected)
            }
        }
    }

    @Test("inclusion proofs match the published proofs and verify", arguments: ReferenceVectors.inclusion)
    func inclusion(vector: ReferenceVectors.Inclusion) throws {
        let tree = try makeTree(referenceLeafInputs)
        let proof = try tree.inclusionProof(leafIndex: vector.index, size: vector.size)
        #expect(proof.map(TestHex.encode) == vector.proof)
        let leafHash = sha256Hasher.hashLeaf(referenceLeafInputs[Int(vector.index)])
        let root = TestHex.decode(ReferenceVectors.roots[Int(vector.size)])
        let published = vector.proof.map { TestHex.decode($0) }
        try verifier.verifyInclusion(
            leafIndex: vector.index, size: vector.size, leafHash: leafHash, proof: published, root: root)
        #expect(
            try verifier.rootFromInclusionProof(
                leafIndex: vector.index, size: vector.size, leafHash: leafHash, proof: published) == root)
    }

    @Test("consistency proofs match the published proofs and verify", arguments: ReferenceVectors.consistency)
    func consistency(vector: ReferenceVectors.Consistency) throws {
        let tree = try makeTree(referenceLeafInputs)
        let proof = try tree.consistencyProof(from: vector.size1, to: vector.size2)
        #expect(proof.map(TestHex.encode) == vector.proof)
        try verifier.verifyConsistency(
            size1: vector.size1, size2: vector.size2,
            root1: TestHex.decode(ReferenceVectors.roots[Int(vector.size1)]),
            root2: TestHex.decode(ReferenceVectors.roots[Int(vector.size2)]),
            proof: vector.proof.map { TestHex.decode($0) })
    }
}
