import Crypto
import MerkleLog
import Testing

@testable import LanyardCore

@Suite("The verifier's O(log n) frontier")
struct MerkleFrontierTests {
    @Test("its root equals MerkleTree's RFC 9162 root at every size up to 300")
    func matchesTheTree() throws {
        var frontier = MerkleFrontier()
        var tree = MerkleTree()
        #expect(frontier.rootHash == tree.rootHash)
        for index in 0..<300 {
            let leaf = Array(SHA256.hash(data: [UInt8(index % 256), UInt8(index / 256)]))
            try frontier.append(leafHash: leaf)
            try tree.append(leafHash: leaf)
            #expect(frontier.rootHash == tree.rootHash, "size \(index + 1)")
            #expect(frontier.size == Int64(tree.size))
        }
    }

    @Test("a hash of the wrong length is refused and changes nothing")
    func wrongLength() throws {
        var frontier = MerkleFrontier()
        #expect(throws: (any Error).self) { try frontier.append(leafHash: [1, 2, 3]) }
        #expect(frontier.size == 0)
    }
}
