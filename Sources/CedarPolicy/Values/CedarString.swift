/// A string compared, hashed and ordered by its Unicode scalar values.
///
/// Cedar strings are sequences of Unicode scalar values compared exactly, without
/// normalisation. Swift's `String ==` uses canonical equivalence, so Cedar code must
/// never rely on it; this wrapper compares UTF-8 bytes, which is equivalent to
/// comparing scalar sequences.
///
/// Entity type names, entity ids, attribute names and string values are all `CedarString`s, and the engine looks
/// them up in dictionaries and sets on every decision. So each one carries a hash of its bytes, computed once when
/// it is made (when a policy, an entity or a request is parsed): hashing it is one word, and two different strings
/// are almost always told apart by that word without reading their bytes. Equal strings still compare their bytes,
/// so equality is exact whatever the hashes.
public struct CedarString: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The underlying Swift string.
    public let value: String
    /// ``UTF8Bytes/hash(_:)`` of `value`: equal strings have equal hash codes. The lowest bit is set when the
    /// string is all ASCII.
    let hashCode: Int

    /// Wraps a Swift string.
    public init(_ value: String) {
        self.value = value
        self.hashCode = UTF8Bytes.hash(value)
    }

    /// Creates a string from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    @inline(__always)
    public static func == (lhs: CedarString, rhs: CedarString) -> Bool {
        guard lhs.hashCode == rhs.hashCode else { return false }
        // Equal hash codes: both strings are ASCII or neither is. Two ASCII strings are canonically equivalent only
        // when their bytes are equal, so Swift's `==` is exact for them, and fast (small strings compare as two
        // words, others byte by byte).
        if lhs.hashCode & 1 == 1 { return lhs.value == rhs.value }
        return UTF8Bytes.equal(lhs.value, rhs.value)
    }

    public static func < (lhs: CedarString, rhs: CedarString) -> Bool {
        lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hashCode)
    }

    public var description: String { value }

    /// The Unicode scalars of the string.
    public var scalars: String.UnicodeScalarView { value.unicodeScalars }
}
