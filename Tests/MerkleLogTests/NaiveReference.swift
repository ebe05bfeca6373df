import MerkleLog

/// A deliberately naive Merkle tree, written straight from the recursive
/// definitions of RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1
/// (PROOF / SUBPROOF), with no caching and no bit tricks. Test-only; it is
/// the oracle the real implementation is checked against.
struct NaiveMerkle {
    let hasher = RFC9162SHA256Hasher()
    /// The leaf inputs D[0:n].
    let leaves: [[UInt8]]

    /// k: the largest power of two smaller than n. Requires n > 1.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[range]).
    func mth(_ d: ArraySlice<[UInt8]>) -> [UInt8] {
        let n = d.count
        if n == 0 { return hasher.emptyRoot }
        if n == 1 { return hasher.hashLeaf(d[d.startIndex]) }
        let k = Self.split(n)
        let mid = d.startIndex + k
        return hasher.hashChildren(mth(d[d.startIndex..<mid]), mth(d[mid..<d.endIndex]))
    }

    /// MTH of the first n leaves.
    func root(size n: Int) -> [UInt8] { mth(leaves[0..<n]) }

    /// PATH(m, D[n]).
    func path(_ m: Int, _ d: ArraySlice<[UInt8]>) -> [[UInt8]] {
        let n = d.count
        if n == 1 { return [] }
        let k = Self.split(n)
        let mid = d.startIndex + k
        if m < k {
            return path(m, d[d.startIndex..<mid]) + [mth(d[mid..<d.endIndex])]
        } else {
            return path(m - k, d[mid..<d.endIndex]) + [mth(d[d.startIndex..<mid])]
        }
    }

    /// The inclusion proof of leaf m in the tree of the first n leaves.
    func inclusionProof(_ m: Int, size n: Int) -> [[UInt8]] { path(m, leaves[0..<n]) }

    /// SUBPROOF(m, D[n], b).
    func subproof(_ m: Int, _ d: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let k = Self.split(n)
        let mid = d.startIndex + k
        if m <= k {
            return subproof(m, d[d.startIndex..<mid], b) + [mth(d[mid..<d.endIndex])]
        } else {
            return subproof(m - k, d[mid..<d.endIndex], false) + [mth(d[d.startIndex..<mid])]
        }
    }

    /// PROOF(m, D[n]) for 0 < m < n; empty for m == 0 or m == n (nothing to prove).
    func consistencyProof(_ m: Int, _ n: Int) -> [[UInt8]] {
        if m == 0 || m == n { return [] }
        return subproof(m, leaves[0..<n], true)
    }

    /// The number of elements in PATH(m, D[n]), from the same recursion.
    static func pathLength(_ m: UInt64, _ n: UInt64) -> Int {
        if n <= 1 { return 0 }
        let k = UInt64(split(Int(n)))
        return 1 + (m < k ? pathLength(m, k) : pathLength(m - k, n - k))
    }

    /// The number of elements in PROOF(m, D[n]) (0 for m == 0 or m == n).
    static func proofLength(_ m: UInt64, _ n: UInt64) -> Int {
        if m == 0 || m == n { return 0 }
        return subproofLength(m, n, true)
    }

    private static func subproofLength(_ m: UInt64, _ n: UInt64, _ b: Bool) -> Int {
        if m == n { return b ? 0 : 1 }
        let k = UInt64(split(Int(n)))
        return 1 + (m <= k ? subproofLength(m, k, b) : subproofLength(m - k, n - k, false))
    }
}
