import MerkleLog

/// Naive verifiers, independent of `MerkleVerifier`: they fold a proof along
/// the shape given by the RFC's recursive PATH / SUBPROOF definitions instead
/// of the §2.1.3.2 / §2.1.4.2 bit-twiddling algorithms. Used as the oracle
/// that decides whether a golden vector must verify.
extension NaiveMerkle {
    /// For PATH(m, D[n]), from the leaf up: true if the sibling is on the right.
    static func siblingSides(_ m: UInt64, _ n: UInt64) -> [Bool] {
        if n <= 1 { return [] }
        let k = UInt64(split(Int(n)))
        return m < k ? siblingSides(m, k) + [true] : siblingSides(m - k, n - k) + [false]
    }

    /// The root implied by an inclusion proof, or nil if the proof has the
    /// wrong shape (index out of range or wrong number of elements).
    func naiveRootFromInclusion(index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]]) -> [UInt8]? {
        guard index < size else { return nil }
        let sides = Self.siblingSides(index, size)
        guard sides.count == proof.count else { return nil }
        var r = leafHash
        for (sibling, onRight) in zip(proof, sides) {
            r = onRight ? hasher.hashChildren(r, sibling) : hasher.hashChildren(sibling, r)
        }
        return r
    }

    /// The (old, new) roots implied by a consistency proof for 0 < m < n, or
    /// nil if the proof has the wrong number of elements. Follows SUBPROOF:
    /// the last element is the top-level sibling.
    func naiveRootsFromConsistency(m: UInt64, n: UInt64, root1: [UInt8], proof: [[UInt8]]) -> (old: [UInt8], new: [UInt8])? {
        guard 0 < m, m < n, proof.count == Self.proofLength(m, n) else { return nil }
        return subproofRoots(m, n, true, root1, proof[...])
    }

    private func subproofRoots(
        _ m: UInt64, _ n: UInt64, _ b: Bool, _ root1: [UInt8], _ proof: ArraySlice<[UInt8]>
    ) -> (old: [UInt8], new: [UInt8])? {
        if m == n {
            if b { return proof.isEmpty ? (root1, root1) : nil }
            guard proof.count == 1, let only = proof.first else { return nil }
            return (only, only)
        }
        guard let sibling = proof.last else { return nil }
        let rest = proof.dropLast()
        let k = UInt64(Self.split(Int(n)))
        if m <= k {
            guard let (old, new) = subproofRoots(m, k, b, root1, rest) else { return nil }
            return (old, hasher.hashChildren(new, sibling))
        } else {
            guard let (old, new) = subproofRoots(m - k, n - k, false, root1, rest) else { return nil }
            return (hasher.hashChildren(sibling, old), hasher.hashChildren(sibling, new))
        }
    }
}
