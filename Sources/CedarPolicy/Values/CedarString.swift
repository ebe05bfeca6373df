/// A string compared, hashed and ordered by its Unicode scalar values.
///
/// Cedar strings are sequences of Unicode scalar values compared exactly, without
/// normalisation. Swift's `String ==` uses canonical equivalence, so Cedar code must
/// never rely on it; this wrapper compares UTF-8 bytes, which is equivalent to
/// comparing scalar sequences.
public struct CedarString: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The underlying Swift string.
    public let value: String

    /// Wraps a Swift string.
    public init(_ value: String) { self.value = value }

    /// Creates a string from a literal.
    public init(stringLiteral value: String) { self.value = value }

    public static func == (lhs: CedarString, rhs: CedarString) -> Bool {
        let a = lhs.value.utf8
        let b = rhs.value.utf8
        guard a.count == b.count else { return false }
        // Native strings expose contiguous UTF-8: compare the buffers directly (the common case, and fast).
        if let equal = a.withContiguousStorageIfAvailable({ x in b.withContiguousStorageIfAvailable { y in x.elementsEqual(y) } }),
            let equal
        {
            return equal
        }
        return a.elementsEqual(b)
    }

    public static func < (lhs: CedarString, rhs: CedarString) -> Bool {
        lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var copy = value
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
    }

    public var description: String { value }

    /// The Unicode scalars of the string.
    public var scalars: String.UnicodeScalarView { value.unicodeScalars }
}
