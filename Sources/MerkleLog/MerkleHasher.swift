/// The hashing strategy of a Merkle tree: how leaves and interior nodes are
/// hashed, and what the root of an empty tree is.
///
/// This mirrors the `LogHasher` abstraction of transparency-dev/merkle. An
/// implementation must be deterministic and must separate the leaf and node
/// domains (RFC 9162 §2.1.1), otherwise second-preimage attacks on the tree
/// become possible.
///
/// Every hash an implementation returns is exactly ``size`` bytes long.
///
/// Requires of conformers: a constant positive ``size``, pure functions, and
/// results of exactly ``size`` bytes.
public protocol MerkleHasher: Sendable {
    /// The length in bytes of every hash this hasher produces.
    ///
    /// Requires: constant for a given hasher value, and greater than zero.
    var size: Int { get }

    /// The Merkle Tree Hash of the empty list, `MTH({})`.
    ///
    /// Requires: nothing. The result is ``size`` bytes long.
    var emptyRoot: [UInt8] { get }

    /// The hash of a leaf from its raw entry data, `MTH({d})`.
    ///
    /// Requires: nothing; `data` may be empty. The result is ``size`` bytes long.
    func hashLeaf(_ data: [UInt8]) -> [UInt8]

    /// The hash of an interior node from the hashes of its two children.
    ///
    /// Requires: `left` and `right` are the hashes of the left and right
    /// subtrees, in that order (callers inside this library always pass
    /// ``size``-byte values). The result is ``size`` bytes long.
    func hashChildren(_ left: [UInt8], _ right: [UInt8]) -> [UInt8]
}
