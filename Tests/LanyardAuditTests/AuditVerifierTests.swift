import Crypto
import Foundation
import LanyardAudit
import LanyardModel
import MerkleLog
import Testing

/// The offline verifier on hand-made logs: every kind of tampering is named, an intact log passes.
@Suite("Offline audit verification")
struct AuditVerifierTests {
    static let key = Curve25519.Signing.PrivateKey()
    static let origin = "lanyard.test/t/acme/audit"

    static func records(_ count: Int) -> [AuditLeafRecord] {
        (1...count).map { index in
            let event = AuditEvent(
                sequence: Int64(index), tenant: "acme", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "a\(index)",
                action: "act", target: "t\(index)")
            let leaf = event.canonicalLeaf()
            return AuditLeafRecord(
                sequence: Int64(index), leaf: leaf, leafHash: AuditLeafHash.of(leaf),
                columns: .init(atSeconds: event.atSeconds, actor: event.actor, action: event.action, target: event.target))
        }
    }

    static func checkpoint(_ records: [AuditLeafRecord], size: Int, key: Curve25519.Signing.PrivateKey = key) throws -> String {
        var tree = MerkleTree()
        for record in records.prefix(size) { try tree.append(leafHash: record.leafHash) }
        let body = CheckpointNote(origin: origin, size: Int64(size), rootHash: tree.rootHash, time: 1_795_000_000)
        return try SignedNote.sign(body.text, keyName: origin, key: key).rendered
    }

    static func verify(
        _ records: [AuditLeafRecord], notes: [String], head: Int64? = nil, prunedThrough: Int64 = 0
    ) -> Result<AuditVerifier.Summary, AuditVerifier.Failure> {
        var verifier = AuditVerifier(
            tenant: "acme", notes: notes, publicKey: Array(key.publicKey.rawRepresentation), prunedThrough: prunedThrough)
        for record in records { verifier.add(record) }
        return verifier.finish(headSize: head ?? Int64(records.count))
    }

    func failure(_ result: Result<AuditVerifier.Summary, AuditVerifier.Failure>) -> AuditVerifier.Failure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test("an intact log with checkpoints at several sizes verifies")
    func intact() throws {
        let log = Self.records(10)
        let result = Self.verify(log, notes: [try Self.checkpoint(log, size: 10), try Self.checkpoint(log, size: 3), try Self.checkpoint(log, size: 1)])
        let summary = try result.get()
        #expect(summary.events == 10 && summary.pruned == 0 && summary.checkpoints == 3 && summary.signaturesChecked)
    }

    @Test("a changed byte, a changed column, a deleted and a moved event are each named by sequence number")
    func namedEvents() throws {
        let log = Self.records(8)
        let notes = [try Self.checkpoint(log, size: 8)]
        var changed = log
        changed[4].leaf = changed[4].leaf?.replacingOccurrences(of: "a5", with: "b5")
        #expect(failure(Self.verify(changed, notes: notes))?.sequence == 5)
        var column = log
        column[2].columns?.target = "elsewhere"
        #expect(failure(Self.verify(column, notes: notes))?.message.contains("stored target differs") == true)
        var deleted = log
        deleted.remove(at: 3)
        #expect(failure(Self.verify(deleted, notes: notes))?.sequence == 4)
        var moved = log
        moved.swapAt(1, 5)
        (moved[1].sequence, moved[5].sequence) = (2, 6)
        let movedFailure = failure(Self.verify(moved, notes: notes))
        #expect(movedFailure?.sequence == 2 && movedFailure?.message.contains("say it is event 6") == true, "\(String(describing: movedFailure))")
    }

    @Test("a rewritten event with a matching hash fails at the first checkpoint that covers it")
    func rewrittenWithHash() throws {
        let log = Self.records(8)
        let notes = [try Self.checkpoint(log, size: 4), try Self.checkpoint(log, size: 8)]
        var forged = log
        let event = AuditEvent(sequence: 6, tenant: "acme", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "a6", action: "act", target: "t6x")
        forged[5] = AuditLeafRecord(
            sequence: 6, leaf: event.canonicalLeaf(), leafHash: AuditLeafHash.of(event.canonicalLeaf()),
            columns: .init(atSeconds: event.atSeconds, actor: "a6", action: "act", target: "t6x"))
        let found = failure(Self.verify(forged, notes: notes))
        #expect(found?.checkpointSize == 8 && found?.message.contains("between 5 and 8") == true)
    }

    @Test("a truncated log, a wrong counter, a forged or foreign-key checkpoint are named")
    func namedCheckpoints() throws {
        let log = Self.records(6)
        let full = try Self.checkpoint(log, size: 6)
        #expect(failure(Self.verify(Array(log.prefix(4)), notes: [full]))?.checkpointSize == 6)
        #expect(failure(Self.verify(log, notes: [full], head: 7))?.sequence == 7)
        let foreign = try Self.checkpoint(log, size: 6, key: Curve25519.Signing.PrivateKey())
        #expect(failure(Self.verify(log, notes: [foreign]))?.message.contains("signature does not verify") == true)
        let edited = full.replacingOccurrences(of: "\n6\n", with: "\n5\n")
        #expect(failure(Self.verify(log, notes: [edited]))?.checkpointSize == 5)
        #expect(failure(Self.verify(log, notes: ["garbage"])) != nil)
    }

    @Test("pruned events verify by their hashes, but only inside the pruned prefix")
    func pruned() throws {
        var log = Self.records(6)
        let notes = [try Self.checkpoint(log, size: 6)]
        for index in 0..<3 {
            log[index].leaf = nil
            log[index].columns = nil
        }
        #expect(try Self.verify(log, notes: notes, prunedThrough: 3).get().pruned == 3)
        #expect(failure(Self.verify(log, notes: notes, prunedThrough: 2))?.sequence == 3)
    }

    @Test("an export file (canonical leaves, pruned-event lines) verifies line by line; an edited line is named")
    func exportLines() throws {
        let log = Self.records(5)
        let notes = [try Self.checkpoint(log, size: 5), "other.example/t/elsewhere/audit\n5\n\n"]
        var lines = log.compactMap(\.leaf)
        lines[0] = #"{"leafHash":"\#(AuditLeafHash.encode(log[0].leafHash))","seq":1}"#
        func verify(_ lines: [String]) -> Result<AuditVerifier.Summary, AuditVerifier.Failure> {
            var verifier = AuditVerifier(
                tenant: "acme", notes: AuditVerifier.notes(of: "acme", in: notes), publicKey: Array(Self.key.publicKey.rawRepresentation),
                prunedThrough: .max)
            for (index, line) in lines.enumerated() { verifier.add(AuditVerifier.record(exportLine: line, position: Int64(index) + 1)) }
            return verifier.finish(headSize: nil)
        }
        let summary = try verify(lines).get()
        #expect(summary.events == 5 && summary.pruned == 1 && summary.checkpoints == 1)
        var edited = lines
        edited[3] = edited[3].replacingOccurrences(of: "\"a4\"", with: "\"mallory\"")
        #expect(failure(verify(edited))?.checkpointSize == 5)
        edited[3] = "not a leaf"
        #expect(failure(verify(edited)) != nil)
    }
}
