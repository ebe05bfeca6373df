import Foundation
import MerkleLog
import Testing

/// Hex encoding and decoding for test vectors.
enum TestHex {
    static func encode(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Decodes lower- or upper-case hex; records an issue and returns [] on bad input.
    static func decode(_ string: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
        let chars = Array(string.utf8)
        guard chars.count % 2 == 0 else {
            Issue.record("odd-length hex \(string)", sourceLocation: sourceLocation)
            return []
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else {
                Issue.record("bad hex \(string)", sourceLocation: sourceLocation)
                return []
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The leaf inputs of the RFC 6962 / CT reference test tree (8 leaves), as
/// published in transparency-dev/merkle testonly/constants.go.
let referenceLeafInputs: [[UInt8]] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
].map { TestHex.decode($0) }

/// Deterministic leaf data for generated trees: the 8-byte big-endian index
/// followed by a marker, so every leaf differs.
func generatedLeafData(_ index: Int) -> [UInt8] {
    withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) } + Array("lanyard".utf8)
}

let sha256Hasher = RFC9162SHA256Hasher()
let verifier = MerkleVerifier()

/// A tree built from the given leaf inputs.
func makeTree(_ leaves: [[UInt8]]) throws -> MerkleTree<RFC9162SHA256Hasher> {
    var tree = MerkleTree()
    for leaf in leaves {
        try tree.append(leafData: leaf)
    }
    return tree
}

/// A small deterministic PRNG (SplitMix64) so "random" tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `body` and returns the `MerkleLogError` it threw, or nil if it did not throw.
func caughtError(_ body: () throws -> Void) -> (any MerkleLogError)? {
    do {
        try body()
        return nil
    } catch let error as any MerkleLogError {
        return error
    } catch {
        Issue.record("unexpected error type \(type(of: error)): \(error)")
        return nil
    }
}
