/// A proof was well-formed but led to a root different from the expected one.
///
/// This is the verdict "not proven": the leaf is not at that index of that tree,
/// or the two tree heads are not consistent, or some input was tampered with.
/// Its ``code`` is always ``MerkleErrorCode/rootMismatch``.
///
/// Requires nothing to construct.
public struct RootMismatch: MerkleLogError, Hashable {
    /// Which root failed to match.
    ///
    /// Requires nothing.
    public enum Role: String, Hashable, Sendable {
        /// The tree root in an inclusion proof check. Requires nothing.
        case root
        /// `root1` (the older tree head) in a consistency proof check. Requires nothing.
        case firstRoot
        /// `root2` (the newer tree head) in a consistency proof check. Requires nothing.
        case secondRoot
    }

    /// Which root failed to match. Requires nothing.
    public let role: Role

    /// The root the caller supplied and expected to be proven. Requires nothing.
    public let expected: [UInt8]

    /// The root recomputed from the proof (or, for equal or empty sizes, the
    /// value the expected root had to equal). Requires nothing.
    public let computed: [UInt8]

    /// Creates a mismatch report. Requires nothing.
    public init(role: Role, expected: [UInt8], computed: [UInt8]) {
        self.role = role
        self.expected = expected
        self.computed = computed
    }

    /// Always ``MerkleErrorCode/rootMismatch``. Requires nothing.
    public var code: MerkleErrorCode { .rootMismatch }

    /// Names the root and shows both values in hex. Requires nothing.
    public var message: String {
        "\(role.rawValue) mismatch: expected \(Hex.encode(expected)), computed \(Hex.encode(computed))"
    }
}

/// Lower-case hex rendering used in error messages.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return out
    }
}
