import LanyardModel
import MerkleLog

/// The right edge of an RFC 9162 tree: the roots of its complete subtrees, largest first (the binary decomposition
/// of its size, a "compact range" from leaf 0). Enough to append leaves and compute the root at the current size in
/// O(log n) memory, which is all offline verification needs however long the log is.
struct MerkleFrontier: Sendable {
    private let hasher = RFC9162SHA256Hasher()
    /// `(height, hash)` of each complete subtree, left to right; heights strictly decrease.
    private var nodes: [(height: Int, hash: [UInt8])] = []

    /// The number of leaves appended.
    private(set) var size: Int64 = 0

    /// Appends a leaf hash (32 bytes).
    ///
    /// - Throws: `internal_error` for a hash of another length (the caller names the leaf).
    mutating func append(leafHash: [UInt8]) throws {
        guard leafHash.count == hasher.size else { throw LanyardError(.internal, "A leaf hash must be \(hasher.size) bytes.") }
        var node = (height: 0, hash: leafHash)
        while let last = nodes.last, last.height == node.height {
            nodes.removeLast()
            node = (last.height + 1, hasher.hashChildren(last.hash, node.hash))
        }
        nodes.append(node)
        size += 1
    }

    /// `MTH(D[0:size])`: the subtrees folded from the right, as RFC 9162 nests them; `SHA-256("")` when empty.
    var rootHash: [UInt8] {
        guard var root = nodes.last?.hash else { return hasher.emptyRoot }
        for node in nodes.dropLast().reversed() { root = hasher.hashChildren(node.hash, root) }
        return root
    }
}
