/// SipHash (Aumasson and Bernstein, 2012) with a key chosen once per process: the keyed hash behind
/// ``CedarString``'s precomputed hash codes.
///
/// Swift's `Hasher` runs the same function (SipHash-1-3) with a per-process random seed, which is what keeps
/// dictionaries safe from keys chosen to collide. Hashing a string's bytes here directly, instead of feeding them to a
/// `Hasher` word by word, costs about a third as much; the key is taken from `Hasher`, so it is as unpredictable (and
/// as fixed when `SWIFT_DETERMINISTIC_HASHING` is set).
enum SipHash {
    /// The per-process key.
    private static let key: (UInt64, UInt64) = {
        var a = Hasher()
        a.combine(0x6b65_7930 as UInt64)
        var b = Hasher()
        b.combine(0x6b65_7931 as UInt64)
        return (UInt64(truncatingIfNeeded: a.finalize()), UInt64(truncatingIfNeeded: b.finalize()))
    }()

    /// SipHash-1-3 of `bytes` with the per-process key.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        hash(bytes, key: key, compressionRounds: 1, finalizationRounds: 3)
    }

    /// SipHash-c-d of `bytes` with `key`: `compressionRounds` rounds per 8-byte word, then `finalizationRounds`.
    @inline(__always)
    static func hash(
        _ bytes: UnsafeRawBufferPointer, key: (UInt64, UInt64), compressionRounds: Int, finalizationRounds: Int
    ) -> UInt64 {
        var v0 = key.0 ^ 0x736f_6d65_7073_6575
        var v1 = key.1 ^ 0x646f_7261_6e64_6f6d
        var v2 = key.0 ^ 0x6c79_6765_6e65_7261
        var v3 = key.1 ^ 0x7465_6462_7974_6573

        @inline(__always) func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
        @inline(__always) func compress(_ m: UInt64) {
            v3 ^= m
            for _ in 0..<compressionRounds { round() }
            v0 ^= m
        }

        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        // The last block: the remaining bytes, and the length (mod 256) in the top byte.
        var last = UInt64(truncatingIfNeeded: count) << 56
        let remaining = count - i
        if remaining > 0 && count >= 8 {
            // The last eight bytes, shifted so that only the remaining ones are left.
            let tail = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            last |= tail >> UInt64(64 - 8 * remaining)
        } else {
            var shift: UInt64 = 0
            while i < count {
                last |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
        }
        compress(last)
        v2 ^= 0xff
        for _ in 0..<finalizationRounds { round() }
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
