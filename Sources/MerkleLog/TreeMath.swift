/// Bit arithmetic shared by the tree and the verifier. Internal.
///
/// Nothing here traps: every function states the range it is called with and
/// only shifts, masks, and subtracts within that range.
enum TreeMath {
    /// The largest power of two strictly less than `n` (RFC 9162 §2.1.1's `k`).
    ///
    /// Requires `n >= 2`; returns 0 for smaller `n` so that callers that break
    /// the contract get a value that makes no progress instead of a trap.
    static func largestPowerOfTwoBelow(_ n: UInt64) -> UInt64 {
        guard n >= 2 else { return 0 }
        let highBit = 63 - (n - 1).leadingZeroBitCount
        return UInt64(1) << UInt64(highBit)
    }

    /// Whether `n` is an exact power of two (1, 2, 4, ...). Requires nothing.
    static func isPowerOfTwo(_ n: UInt64) -> Bool {
        n != 0 && (n & (n - 1)) == 0
    }

    /// The number of `inclusion_path` elements the RFC 9162 §2.1.3.2
    /// algorithm consumes for `leafIndex` in a tree of `size` leaves.
    ///
    /// Obtained by running the algorithm's index bookkeeping (`fn`, `sn`)
    /// without hashing: the path must end exactly when `sn` reaches 0.
    /// Requires `leafIndex < size`.
    static func inclusionProofLength(leafIndex: UInt64, size: UInt64) -> Int {
        guard leafIndex < size else { return 0 }
        var fn = leafIndex
        var sn = size - 1
        var count = 0
        while sn != 0 {
            advance(fn: &fn, sn: &sn)
            count += 1
        }
        return count
    }

    /// The number of `consistency_path` elements the RFC 9162 §2.1.4.2
    /// algorithm needs for `0 < size1 < size2` (before step 2 prepends
    /// `first_hash` when `size1` is a power of two).
    ///
    /// Requires `0 < size1 < size2`; returns 0 otherwise.
    static func consistencyProofLength(size1: UInt64, size2: UInt64) -> Int {
        guard size1 > 0, size1 < size2 else { return 0 }
        var fn = size1 - 1
        var sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5 consumes the first element; step 6 one element per round.
        var count = 1
        while sn != 0 {
            advance(fn: &fn, sn: &sn)
            count += 1
        }
        return isPowerOfTwo(size1) ? count - 1 : count
    }

    /// One round of the index bookkeeping shared by RFC 9162 §2.1.3.2 step 4
    /// and §2.1.4.2 step 6 (steps b.ii/b.iii and c), without the hashing.
    ///
    /// Requires `sn != 0`.
    static func advance(fn: inout UInt64, sn: inout UInt64) {
        if fn & 1 == 1 || fn == sn {
            if fn & 1 == 0 {
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            }
        }
        fn >>= 1
        sn >>= 1
    }
}
