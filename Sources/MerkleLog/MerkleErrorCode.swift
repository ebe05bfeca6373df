/// A stable, machine-readable identifier for a MerkleLog failure.
///
/// The raw values are part of the public contract: they never change between
/// releases, so they can be logged, stored, and matched on.
///
/// Requires nothing.
public struct MerkleErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The stable string form of the code, e.g. `"index_out_of_range"`. Requires nothing.
    public let rawValue: String

    /// Wraps a raw code string. Requires nothing; unknown strings are allowed
    /// so that codes read back from storage round-trip.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The raw value. Requires nothing.
    public var description: String { rawValue }

    /// A size of 0 was given where at least one leaf is needed (inclusion
    /// proofs need `size >= 1`). Requires nothing.
    public static let emptyTree = MerkleErrorCode(rawValue: "empty_tree")

    /// A leaf index was not below the tree size (`leafIndex >= size`). Requires nothing.
    public static let indexOutOfRange = MerkleErrorCode(rawValue: "index_out_of_range")

    /// A requested tree size exceeds the number of leaves the tree holds. Requires nothing.
    public static let sizeOutOfRange = MerkleErrorCode(rawValue: "size_out_of_range")

    /// Two sizes were given in the wrong order (`size1 > size2`, `from > to`). Requires nothing.
    public static let sizeOrder = MerkleErrorCode(rawValue: "size_order")

    /// A proof does not have the number of elements RFC 9162 prescribes for
    /// the given index and size(s). Requires nothing.
    public static let wrongProofLength = MerkleErrorCode(rawValue: "wrong_proof_length")

    /// A hash (leaf hash, root, or proof element) does not have the hasher's
    /// digest length. Requires nothing.
    public static let wrongHashLength = MerkleErrorCode(rawValue: "wrong_hash_length")

    /// The RFC 9162 verification algorithm rejected the proof structurally
    /// (for example `sn` reached 0 with proof elements left). Requires nothing.
    public static let invalidProof = MerkleErrorCode(rawValue: "invalid_proof")

    /// A recomputed root differs from the expected root; always carried by
    /// ``RootMismatch``. Requires nothing.
    public static let rootMismatch = MerkleErrorCode(rawValue: "root_mismatch")

    /// The tree cannot hold more leaves. Requires nothing.
    public static let capacityExceeded = MerkleErrorCode(rawValue: "capacity_exceeded")
}

/// Common shape of every error this library throws: a stable ``code`` and a
/// human-readable ``message``.
///
/// The concrete types are ``MerkleError`` (invalid input or proof shape) and
/// ``RootMismatch`` (a well-formed proof that leads to a different root).
///
/// Requires conformers to return a stable ``code``; only ``MerkleError`` and
/// ``RootMismatch`` conform in this library.
public protocol MerkleLogError: Error, Sendable, CustomStringConvertible {
    /// The stable code identifying the kind of failure. Requires nothing.
    var code: MerkleErrorCode { get }

    /// A human-readable explanation, including the offending values.
    /// Requires nothing. Not stable: match on ``code`` instead.
    var message: String { get }
}

extension MerkleLogError {
    /// `"<code>: <message>"`. Requires nothing.
    public var description: String { "\(code.rawValue): \(message)" }
}
