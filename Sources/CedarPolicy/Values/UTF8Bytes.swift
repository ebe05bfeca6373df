/// Exact comparison and hashing of the UTF-8 bytes of Swift strings.
///
/// Cedar compares strings by Unicode scalar values, which for valid UTF-8 is the same as comparing bytes. Swift's
/// `String ==` uses canonical equivalence instead, so the engine compares bytes with these helpers. They read eight
/// bytes at a time, which is what makes look-ups keyed by names and ids cheap (see ``CedarString``).
enum UTF8Bytes {
    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool {
        // Most strings that differ differ in length, which native strings know without reading their bytes.
        a.utf8.count == b.utf8.count && sameBytes(a.utf8, b.utf8)
    }

    /// Whether two UTF-8 views of the same length hold the same bytes.
    private static func sameBytes(_ x: String.UTF8View, _ y: String.UTF8View) -> Bool {
        let contiguous = x.withContiguousStorageIfAvailable { p in
            y.withContiguousStorageIfAvailable { q in equal(UnsafeRawBufferPointer(p), UnsafeRawBufferPointer(q)) }
        }
        if let contiguous, let contiguous { return contiguous }
        return x.elementsEqual(y)
    }

    /// Whether two byte buffers hold the same bytes.
    static func equal(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        guard x.count == y.count else { return false }
        var i = 0
        while i + 8 <= x.count {
            guard x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            else { return false }
            i += 8
        }
        while i < x.count {
            guard x[i] == y[i] else { return false }
            i += 1
        }
        return true
    }

    /// A hash of the string's UTF-8 bytes under a per-process random key (``SipHash``), so look-ups keyed by strings
    /// from requests stay resistant to chosen collisions, with its lowest bit replaced by whether the string is all
    /// ASCII (see ``CedarString``).
    static func hash(_ s: String) -> Int {
        if let hash = s.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return hash }
        var copy = s
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(truncatingIfNeeded: SipHash.hash(bytes)) & ~1 | (isASCII(bytes) ? 1 : 0)
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
