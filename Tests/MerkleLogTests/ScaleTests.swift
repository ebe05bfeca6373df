import Foundation
import MerkleLog
import Testing

/// Counts hash operations so efficiency can be asserted exactly, independent
/// of machine speed.
final class HashCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var leaves = 0
    private var nodes = 0

    func countLeaf() { lock.lock(); leaves += 1; lock.unlock() }
    func countNode() { lock.lock(); nodes += 1; lock.unlock() }
    var nodeCount: Int { lock.lock(); defer { lock.unlock() }; return nodes }
    func reset() { lock.lock(); leaves = 0; nodes = 0; lock.unlock() }
}

struct CountingHasher: MerkleHasher {
    let base = RFC9162SHA256Hasher()
    let counter: HashCounter
    var size: Int { base.size }
    var emptyRoot: [UInt8] { base.emptyRoot }
    func hashLeaf(_ data: [UInt8]) -> [UInt8] {
        counter.countLeaf()
        return base.hashLeaf(data)
    }
    func hashChildren(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        counter.countNode()
        return base.hashChildren(left, right)
    }
}

@Suite("Scale and efficiency")
struct ScaleTests {
    static let leafCount: UInt64 = 1_000_003

    @Test("a million-leaf tree appends in amortized O(1), and roots and proofs cost O(log n) and O(log² n) hashes")
    func millionLeaves() throws {
        let counter = HashCounter()
        var tree = MerkleTree(hasher: CountingHasher(counter: counter))
        var leafHashes: [[UInt8]] = []
        leafHashes.reserveCapacity(Int(Self.leafCount))
        for i in 0..<Int(Self.leafCount) {
            let leafHash = sha256Hasher.hashLeaf(generatedLeafData(i))
            leafHashes.append(leafHash)
            try tree.append(leafHash: leafHash)
        }
        #expect(tree.size == Self.leafCount)
        // Exactly one node hash per completed complete subtree: n - popcount(n).
        #expect(counter.nodeCount == Int(Self.leafCount) - Self.leafCount.nonzeroBitCount)

        // The root agrees with an independent level-by-level construction
        // (pair up nodes; an unpaired last node moves up unchanged), which is
        // equivalent to RFC 9162's MTH.
        var level = leafHashes
        while level.count > 1 {
            var next: [[UInt8]] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(sha256Hasher.hashChildren(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        #expect(tree.rootHash == level.first)

        var rng = SplitMix64(seed: 6962)
        let verifier = MerkleVerifier()
        for _ in 0..<200 {
            let size = UInt64.random(in: 1...Self.leafCount, using: &rng)
            let index = UInt64.random(in: 0..<size, using: &rng)
            let size1 = UInt64.random(in: 1...size, using: &rng)

            counter.reset()
            let root = try tree.rootHash(size: size)
            #expect(counter.nodeCount == size.nonzeroBitCount - 1)

            counter.reset()
            let proof = try tree.inclusionProof(leafIndex: index, size: size)
            #expect(counter.nodeCount <= 64 * 64)
            #expect(counter.nodeCount <= 2 * 21 * 21)  // O(log² n) for n < 2^21
            try verifier.verifyInclusion(
                leafIndex: index, size: size, leafHash: leafHashes[Int(index)], proof: proof, root: root)

            counter.reset()
            let consistency = try tree.consistencyProof(from: size1, to: size)
            #expect(counter.nodeCount <= 2 * 21 * 21)
            try verifier.verifyConsistency(
                size1: size1, size2: size, root1: try tree.rootHash(size: size1), root2: root, proof: consistency)
        }
    }
}
