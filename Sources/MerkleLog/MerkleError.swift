/// A failed precondition or a structurally invalid proof.
///
/// Thrown instead of trapping whenever an argument is out of range, a hash has
/// the wrong length, or a proof has the wrong number of elements. Match on
/// ``code``; ``message`` is for humans.
///
/// Requires nothing to construct; thrown values always carry one of the
/// ``MerkleErrorCode`` constants.
public struct MerkleError: MerkleLogError, Hashable {
    /// The stable failure kind. Requires nothing.
    public let code: MerkleErrorCode

    /// A human-readable explanation with the offending values. Requires nothing.
    public let message: String

    /// Creates an error. Requires nothing.
    public init(code: MerkleErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}

extension MerkleError {
    static func emptyTree(_ what: String) -> MerkleError {
        MerkleError(code: .emptyTree, message: "\(what) requires size >= 1, got size 0")
    }

    static func indexOutOfRange(index: UInt64, size: UInt64) -> MerkleError {
        MerkleError(
            code: .indexOutOfRange,
            message: "leaf index \(index) is out of range for size \(size) (requires 0 <= leafIndex < size)"
        )
    }

    static func sizeOutOfRange(requested: UInt64, available: UInt64) -> MerkleError {
        MerkleError(
            code: .sizeOutOfRange,
            message: "size \(requested) exceeds the tree size \(available)"
        )
    }

    static func sizeOrder(first: UInt64, second: UInt64) -> MerkleError {
        MerkleError(
            code: .sizeOrder,
            message: "first size \(first) is greater than second size \(second)"
        )
    }

    static func wrongProofLength(expected: Int, got: Int) -> MerkleError {
        MerkleError(
            code: .wrongProofLength,
            message: "proof has \(got) elements, expected \(expected)"
        )
    }

    static func wrongHashLength(_ what: String, expected: Int, got: Int) -> MerkleError {
        MerkleError(
            code: .wrongHashLength,
            message: "\(what) is \(got) bytes, expected \(expected)"
        )
    }

    static func invalidProof(_ reason: String) -> MerkleError {
        MerkleError(code: .invalidProof, message: reason)
    }
}
