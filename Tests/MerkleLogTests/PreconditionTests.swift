import Foundation
import MerkleLog
import Testing

/// Every violated precondition surfaces as a typed error with a stable code.
@Suite("Preconditions and typed errors")
struct PreconditionTests {
    static let hash = [UInt8](repeating: 0xab, count: 32)

    func code(_ body: () throws -> Void) -> MerkleErrorCode? {
        caughtError(body)?.code
    }

    @Test("error codes have stable string values")
    func stableCodes() {
        let codes: [(MerkleErrorCode, String)] = [
            (.emptyTree, "empty_tree"),
            (.indexOutOfRange, "index_out_of_range"),
            (.sizeOutOfRange, "size_out_of_range"),
            (.sizeOrder, "size_order"),
            (.wrongProofLength, "wrong_proof_length"),
            (.wrongHashLength, "wrong_hash_length"),
            (.invalidProof, "invalid_proof"),
            (.rootMismatch, "root_mismatch"),
            (.capacityExceeded, "capacity_exceeded"),
        ]
        for (code, raw) in codes {
            #expect(code.rawValue == raw)
            #expect(MerkleErrorCode(rawValue: raw) == code)
        }
        let error = MerkleError(code: .indexOutOfRange, message: "m")
        #expect(error.description == "index_out_of_range: m")
    }

    @Test("the tree rejects leaf hashes of the wrong length and stays unchanged")
    func appendWrongLength() throws {
        var tree = MerkleTree()
        try tree.append(leafData: [1])
        let before = tree.rootHash
        for length in [0, 1, 31, 33, 64] {
            #expect(throws: MerkleError.self) { try tree.append(leafHash: [UInt8](repeating: 0, count: length)) }
            #expect(code { try tree.append(leafHash: [UInt8](repeating: 0, count: length)) } == .wrongHashLength)
        }
        #expect(tree.size == 1)
        #expect(tree.rootHash == before)
    }

    @Test("the tree reports out-of-range sizes and indices instead of trapping")
    func treeRanges() throws {
        let tree = try makeTree(referenceLeafInputs)
        #expect(code { _ = try tree.rootHash(size: 9) } == .sizeOutOfRange)
        #expect(code { _ = try tree.rootHash(size: .max) } == .sizeOutOfRange)
        #expect(code { _ = try tree.leafHash(at: 8) } == .indexOutOfRange)
        #expect(code { _ = try tree.leafHash(at: .max) } == .indexOutOfRange)
        #expect(code { _ = try tree.inclusionProof(leafIndex: 0, size: 0) } == .emptyTree)
        #expect(code { _ = try tree.inclusionProof(leafIndex: 3, size: 3) } == .indexOutOfRange)
        #expect(code { _ = try tree.inclusionProof(leafIndex: .max, size: 8) } == .indexOutOfRange)
        #expect(code { _ = try tree.inclusionProof(leafIndex: 0, size: 9) } == .sizeOutOfRange)
        #expect(code { _ = try tree.consistencyProof(from: 5, to: 4) } == .sizeOrder)
        #expect(code { _ = try tree.consistencyProof(from: 1, to: 9) } == .sizeOutOfRange)
        #expect(code { _ = try tree.consistencyProof(from: .max, to: .max) } == .sizeOutOfRange)
        #expect(try tree.consistencyProof(from: 0, to: 8).isEmpty)
        #expect(try tree.consistencyProof(from: 8, to: 8).isEmpty)
        #expect(try tree.consistencyProof(from: 0, to: 0).isEmpty)
        let empty = MerkleTree()
        #expect(empty.size == 0)
        #expect(try empty.rootHash(size: 0) == sha256Hasher.emptyRoot)
        #expect(code { _ = try empty.inclusionProof(leafIndex: 0, size: 0) } == .emptyTree)
        #expect(empty.maximumSize == UInt64(Int.max / 32))
    }

    @Test("inclusion verification rejects bad sizes, indices, lengths and hash sizes with typed errors")
    func inclusionPreconditions() {
        let h = Self.hash
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 0, leafHash: h, proof: [], root: h) } == .emptyTree)
        #expect(code { try verifier.verifyInclusion(leafIndex: 1, size: 1, leafHash: h, proof: [], root: h) } == .indexOutOfRange)
        #expect(code { try verifier.verifyInclusion(leafIndex: .max, size: .max, leafHash: h, proof: [], root: h) } == .indexOutOfRange)
        #expect(code { try verifier.verifyInclusion(leafIndex: 2, size: 1, leafHash: h, proof: [], root: h) } == .indexOutOfRange)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 2, leafHash: h, proof: [], root: h) } == .wrongProofLength)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 1, leafHash: h, proof: [h], root: h) } == .wrongProofLength)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 1, leafHash: [1], proof: [], root: h) } == .wrongHashLength)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 1, leafHash: h, proof: [], root: []) } == .wrongHashLength)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 2, leafHash: h, proof: [[]], root: h) } == .wrongHashLength)
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 1, leafHash: h, proof: [], root: sha256Hasher.emptyRoot) } == .rootMismatch)
        // A one-leaf tree's root is its leaf hash and the proof is empty.
        #expect(code { try verifier.verifyInclusion(leafIndex: 0, size: 1, leafHash: h, proof: [], root: h) } == nil)
        // The largest possible tree is handled without overflow.
        let maxProof = [[UInt8]](repeating: h, count: 64)
        // Exactly one proof length is acceptable for the last leaf of the largest tree.
        let codes = (0...65).map { count in
            code {
                try verifier.verifyInclusion(
                    leafIndex: .max - 1, size: .max, leafHash: h,
                    proof: [[UInt8]](repeating: h, count: count), root: h)
            }
        }
        #expect(codes.filter { $0 == .rootMismatch }.count == 1)
        #expect(codes.filter { $0 == .wrongProofLength }.count == 65)
        #expect(
            code {
                _ = try verifier.rootFromInclusionProof(leafIndex: 0, size: .max, leafHash: h, proof: maxProof)
            } == nil)
    }

    @Test("a root mismatch is one typed RootMismatch error carrying the expected and computed roots")
    func rootMismatchCarriesBothRoots() throws {
        let tree = try makeTree(referenceLeafInputs)
        let proof = try tree.inclusionProof(leafIndex: 2, size: 8)
        let wrongRoot = try tree.rootHash(size: 7)
        do {
            try verifier.verifyInclusion(leafIndex: 2, size: 8, leafHash: try tree.leafHash(at: 2), proof: proof, root: wrongRoot)
            Issue.record("verification unexpectedly succeeded")
        } catch let mismatch as RootMismatch {
            #expect(mismatch.role == .root)
            #expect(mismatch.expected == wrongRoot)
            #expect(mismatch.computed == tree.rootHash)
            #expect(mismatch.code == .rootMismatch)
            #expect(mismatch.message.contains(TestHex.encode(wrongRoot)))
        }
        do {
            try verifier.verifyConsistency(
                size1: 3, size2: 8, root1: try tree.rootHash(size: 3), root2: wrongRoot,
                proof: try tree.consistencyProof(from: 3, to: 8))
            Issue.record("verification unexpectedly succeeded")
        } catch let mismatch as RootMismatch {
            #expect(mismatch.role == .secondRoot)
            #expect(mismatch.computed == tree.rootHash)
        }
        do {
            try verifier.verifyConsistency(
                size1: 3, size2: 8, root1: wrongRoot, root2: tree.rootHash,
                proof: try tree.consistencyProof(from: 3, to: 8))
            Issue.record("verification unexpectedly succeeded")
        } catch let mismatch as RootMismatch {
            #expect(mismatch.role == .firstRoot)
            #expect(mismatch.computed == (try tree.rootHash(size: 3)))
        }
    }

    @Test("consistency verification handles equal, empty and reversed sizes as documented")
    func consistencyEdgeCases() throws {
        let h = Self.hash
        let empty = sha256Hasher.emptyRoot
        // Reversed sizes.
        #expect(code { try verifier.verifyConsistency(size1: 2, size2: 1, root1: h, root2: h, proof: []) } == .sizeOrder)
        #expect(code { try verifier.verifyConsistency(size1: .max, size2: 0, root1: h, root2: h, proof: []) } == .sizeOrder)
        // Equal sizes: empty proof and equal roots.
        #expect(code { try verifier.verifyConsistency(size1: 5, size2: 5, root1: h, root2: h, proof: []) } == nil)
        #expect(code { try verifier.verifyConsistency(size1: 5, size2: 5, root1: h, root2: empty, proof: []) } == .rootMismatch)
        #expect(code { try verifier.verifyConsistency(size1: 4, size2: 4, root1: h, root2: h, proof: [h]) } == .wrongProofLength)
        // Size 0: the first root must be the empty root.
        #expect(code { try verifier.verifyConsistency(size1: 0, size2: 0, root1: empty, root2: empty, proof: []) } == nil)
        #expect(code { try verifier.verifyConsistency(size1: 0, size2: 0, root1: h, root2: h, proof: []) } == .rootMismatch)
        #expect(code { try verifier.verifyConsistency(size1: 0, size2: 7, root1: empty, root2: h, proof: []) } == nil)
        #expect(code { try verifier.verifyConsistency(size1: 0, size2: 7, root1: h, root2: h, proof: []) } == .rootMismatch)
        #expect(code { try verifier.verifyConsistency(size1: 0, size2: 7, root1: empty, root2: h, proof: [h]) } == .wrongProofLength)
        // Proper extension with an empty or mis-sized proof.
        #expect(code { try verifier.verifyConsistency(size1: 1, size2: 2, root1: h, root2: h, proof: []) } == .wrongProofLength)
        #expect(code { try verifier.verifyConsistency(size1: 1, size2: 2, root1: h, root2: h, proof: [h, h]) } == .wrongProofLength)
        #expect(code { try verifier.verifyConsistency(size1: 1, size2: 2, root1: h, root2: [], proof: [h]) } == .wrongHashLength)
        #expect(code { try verifier.verifyConsistency(size1: 1, size2: 2, root1: h, root2: h, proof: [[0]]) } == .wrongHashLength)
        // Huge sizes do not overflow.
        let proof = [[UInt8]](repeating: h, count: 64)
        #expect(code { try verifier.verifyConsistency(size1: .max - 1, size2: .max, root1: h, root2: h, proof: proof) } != nil)
        #expect(code { try verifier.verifyConsistency(size1: 1, size2: .max, root1: h, root2: h, proof: proof) } != nil)
    }
}

/// Keeps the library free of trapping constructs.
@Suite("Source hygiene")
struct SourceHygieneTests {
    @Test("library sources contain no force unwraps, force casts, try!, fatalError or precondition")
    func noTrappingConstructs() throws {
        let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let sourcesDir = testsDir.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MerkleLog")
        let files = try FileManager.default.contentsOfDirectory(atPath: sourcesDir.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 6)
        let forbidden = [
            "try!", "as!", "fatalError(", "precondition(", "preconditionFailure(",
            "assert(", "assertionFailure(", "unsafelyUnwrapped", "!.",
        ]
        let forceUnwrap = try Regex(#"[\w\)\]]!(?!=)"#)
        for file in files {
            let text = try String(contentsOf: sourcesDir.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                for token in forbidden {
                    #expect(!code.contains(token), "\(file):\(number + 1): \(code)")
                }
                #expect(code.firstMatch(of: forceUnwrap) == nil, "\(file):\(number + 1): \(code)")
            }
        }
    }
}
