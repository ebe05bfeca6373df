import Crypto
import Foundation
import LanyardAudit
import LanyardModel
import MerkleLog
import Testing

/// The CLI's checks of published proofs, on hand-made logs.
@Suite("Inclusion and consistency proof checks")
struct AuditProofCheckTests {
    static let publicKey = Array(AuditVerifierTests.key.publicKey.rawRepresentation)

    struct Published {
        var sequence: Int64
        var treeSize: Int64
        var leaf: String?
        var leafHash: String
        var proof: [String]
        var checkpoint: String

        func check(publicKey: [UInt8]? = AuditProofCheckTests.publicKey) throws -> CheckpointNote {
            try AuditProofCheck.inclusion(
                sequence: sequence, leafIndex: sequence - 1, treeSize: treeSize, leaf: leaf, leafHash: leafHash, proof: proof,
                checkpoint: checkpoint, publicKey: publicKey)
        }
    }

    static func published(sequence: Int64, of records: [AuditLeafRecord]) throws -> Published {
        var tree = MerkleTree()
        for record in records { try tree.append(leafHash: record.leafHash) }
        let record = records[Int(sequence) - 1]
        return Published(
            sequence: sequence, treeSize: Int64(records.count), leaf: record.leaf, leafHash: AuditLeafHash.encode(record.leafHash),
            proof: try tree.inclusionProof(leafIndex: UInt64(sequence - 1), size: tree.size).map(AuditLeafHash.encode),
            checkpoint: try AuditVerifierTests.checkpoint(records, size: records.count))
    }

    @Test("an untampered proof checks, with and without the log key, and returns its checkpoint")
    func intact() throws {
        let published = try Self.published(sequence: 5, of: AuditVerifierTests.records(7))
        #expect(try published.check().size == 7)
        #expect(try published.check(publicKey: nil).origin == AuditVerifierTests.origin)
    }

    @Test("a tampered leaf fails: its bytes no longer hash to the leaf hash")
    func tamperedLeaf() throws {
        var published = try Self.published(sequence: 3, of: AuditVerifierTests.records(7))
        published.leaf = published.leaf?.replacingOccurrences(of: "\"a3\"", with: "\"mallory\"")
        #expect(throws: LanyardError.self) { _ = try published.check() }
    }

    @Test("a tampered leaf with its recomputed hash fails: the proof no longer leads to the signed root")
    func tamperedLeafAndHash() throws {
        var published = try Self.published(sequence: 3, of: AuditVerifierTests.records(7))
        let forged = try #require(published.leaf?.replacingOccurrences(of: "\"a3\"", with: "\"mallory\""))
        published.leaf = forged
        published.leafHash = AuditLeafHash.encode(AuditLeafHash.of(forged))
        let error = try #require(throws: LanyardError.self) { _ = try published.check() }
        #expect(error.message.contains("does not lead to the checkpoint's root"))
    }

    @Test("a leaf of another event, a checkpoint signed by another key, and a shortened proof each fail")
    func otherTampering() throws {
        let records = AuditVerifierTests.records(7)
        var moved = try Self.published(sequence: 3, of: records)
        moved.leaf = records[3].leaf
        moved.leafHash = AuditLeafHash.encode(records[3].leafHash)
        #expect(throws: LanyardError.self) { _ = try moved.check() }
        let published = try Self.published(sequence: 3, of: records)
        #expect(throws: LanyardError.self) { _ = try published.check(publicKey: Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)) }
        var short = published
        short.proof.removeLast()
        #expect(throws: LanyardError.self) { _ = try short.check() }
    }

    @Test("a consistency proof between two signed sizes checks; a wrong root or a mismatched checkpoint fails")
    func consistency() throws {
        let records = AuditVerifierTests.records(9)
        var tree = MerkleTree()
        for record in records { try tree.append(leafHash: record.leafHash) }
        let proof = try tree.consistencyProof(from: 4, to: 9).map(AuditLeafHash.encode)
        let fromRoot = AuditLeafHash.encode(try tree.rootHash(size: 4))
        let toRoot = AuditLeafHash.encode(tree.rootHash)
        let fromNote = try AuditVerifierTests.checkpoint(records, size: 4)
        let toNote = try AuditVerifierTests.checkpoint(records, size: 9)
        func check(_ fromRoot: String, _ toRoot: String, _ fromNote: String?, _ toNote: String?) throws {
            try AuditProofCheck.consistency(
                from: 4, to: 9, fromRoot: fromRoot, toRoot: toRoot, proof: proof, fromCheckpoint: fromNote, toCheckpoint: toNote,
                publicKey: Self.publicKey)
        }
        try check(fromRoot, toRoot, fromNote, toNote)
        try check(fromRoot, toRoot, nil, nil)
        #expect(throws: LanyardError.self) { try check(toRoot, toRoot, nil, nil) }
        #expect(throws: LanyardError.self) { try check(fromRoot, toRoot, toNote, nil) }
    }
}
