import MerkleLog
import Testing

@Suite("The O(log n) frontier (compact range from leaf 0)")
struct MerkleFrontierTests {
    @Test("its root after each append is the published RFC 6962/9162 reference root of that size")
    func referenceRoots() throws {
        var frontier = MerkleFrontier()
        #expect(TestHex.encode(frontier.rootHash) == ReferenceVectors.roots[0])
        let hasher = RFC9162SHA256Hasher()
        for (index, leaf) in referenceLeafInputs.enumerated() {
            try frontier.append(leafHash: hasher.hashLeaf(leaf))
            #expect(frontier.size == UInt64(index + 1))
            #expect(TestHex.encode(frontier.rootHash) == ReferenceVectors.roots[index + 1], "size \(index + 1)")
        }
    }

    @Test("its root at every size equals every golden happy-path root of that size")
    func goldenRoots() throws {
        let golden = try loadGolden("inclusion.json", as: GoldenInclusionVector.self)
        var roots: [UInt64: String] = [:]
        for vector in golden.vectors where vector.desc.hasSuffix("happy path") { roots[vector.treeSize] = vector.root }
        #expect(roots.count == golden.leaves.count)
        var frontier = MerkleFrontier()
        let hasher = RFC9162SHA256Hasher()
        for leaf in golden.leaves {
            try frontier.append(leafHash: hasher.hashLeaf(TestHex.decode(leaf)))
            #expect(roots[frontier.size] == TestHex.encode(frontier.rootHash), "size \(frontier.size)")
        }
    }

    @Test("its root equals MerkleTree's root at every size up to 300")
    func matchesTheTree() throws {
        var frontier = MerkleFrontier()
        var tree = MerkleTree()
        #expect(frontier.rootHash == tree.rootHash)
        for index in 0..<300 {
            let leaf = RFC9162SHA256Hasher().hashLeaf([UInt8(index % 256), UInt8(index / 256)])
            try frontier.append(leafHash: leaf)
            try tree.append(leafHash: leaf)
            #expect(frontier.rootHash == tree.rootHash, "size \(index + 1)")
            #expect(frontier.size == tree.size)
        }
    }

    @Test("a hash of the wrong length is refused with wrong_hash_length and changes nothing")
    func wrongLength() throws {
        var frontier = MerkleFrontier()
        try frontier.append(leafHash: Array(repeating: 1, count: 32))
        let root = frontier.rootHash
        #expect(throws: MerkleError.self) { try frontier.append(leafHash: [1, 2, 3]) }
        do {
            try frontier.append(leafHash: [1, 2, 3])
        } catch {
            #expect(error.code == .wrongHashLength)
        }
        #expect(frontier.size == 1 && frontier.rootHash == root)
    }
}
