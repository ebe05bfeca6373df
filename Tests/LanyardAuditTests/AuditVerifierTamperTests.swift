import Crypto
import Foundation
import LanyardAudit
import LanyardModel
import MerkleLog
import Testing

/// Tampering with a stored log, on leaves the verifier reads in one pass and on leaves it leaves to the full parser
/// (a snapshot with a fraction): each kind is still found.
@Suite("Tampering is found on both leaf paths")
struct AuditVerifierTamperTests {
    static let key = Curve25519.Signing.PrivateKey()
    static let origin = "lanyard.test/t/acme/audit"

    /// Eight events; 3 and 6 carry a number the one-pass reader leaves to the full parser; 4, 6 and 7 a decision.
    static func records() -> [AuditLeafRecord] {
        (1...8).map { index in
            var event = AuditEvent(
                sequence: Int64(index), tenant: "acme", at: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)), actor: "token:tok_\(index)",
                action: "identity.register", target: "identity:idn_\(index)",
                after: .object(["name": .string("bot\(index)"), "n": .int(Int64(index))]))
            if index % 3 == 0 { event.after = .object(["ratio": .number(JSONNumber(Double(index) + 0.5))]) }
            if [4, 6, 7].contains(index) { event.details["decision"] = index == 4 ? "allow" : "deny" }
            return record(event)
        }
    }

    static func record(_ event: AuditEvent) -> AuditLeafRecord {
        let leaf = event.canonicalLeaf()
        return AuditLeafRecord(
            sequence: event.sequence, leaf: leaf, leafHash: AuditLeafHash.of(leaf),
            columns: .init(
                atSeconds: event.atSeconds, actor: event.actor, action: event.action, target: event.target,
                decision: event.details["decision"]))
    }

    static func checkpoint(
        _ records: [AuditLeafRecord], size: Int, key: Curve25519.Signing.PrivateKey = key, origin: String = origin
    ) throws -> String {
        var tree = MerkleFrontier()
        for record in records.prefix(size) { try tree.append(leafHash: record.leafHash) }
        let body = CheckpointNote(origin: origin, size: Int64(size), rootHash: tree.rootHash, time: 1_795_000_100)
        return try SignedNote.sign(body.text, keyName: origin, key: key).rendered
    }

    static func failure(_ records: [AuditLeafRecord], notes: [String]) -> AuditVerifier.Failure? {
        var verifier = AuditVerifier(tenant: "acme", notes: notes, publicKey: Array(key.publicKey.rawRepresentation))
        for record in records { verifier.add(record) }
        if case .failure(let failure) = verifier.finish(headSize: Int64(records.count)) { return failure }
        return nil
    }

    static func notes(_ log: [AuditLeafRecord]) throws -> [String] {
        [try checkpoint(log, size: 5), try checkpoint(log, size: 8)]
    }

    @Test("the untouched log verifies")
    func intact() throws {
        let log = Self.records()
        #expect(Self.failure(log, notes: try Self.notes(log)) == nil)
    }

    /// The log with each byte of event `event`'s leaf changed in turn (to `a`, or `b` where it is `a`), its stored
    /// hash rewritten to match when `rewritingHash`.
    static func forgingEachByte(of event: Int, rewritingHash: Bool) throws -> [(byte: Int, log: [AuditLeafRecord])] {
        let log = records()
        let bytes = Array(try #require(log[event - 1].leaf).utf8)
        return bytes.indices.map { index in
            var changed = bytes
            changed[index] = bytes[index] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            var forged = log
            let text = String(decoding: changed, as: UTF8.self)
            forged[event - 1].leaf = text
            if rewritingHash { forged[event - 1].leafHash = AuditLeafHash.of(text) }
            return (index, forged)
        }
    }

    /// The failure for each log of ``forgingEachByte(of:rewritingHash:)``.
    static func changingEachByte(of event: Int, rewritingHash: Bool) throws -> [(byte: Int, found: AuditVerifier.Failure?)] {
        let notes = try notes(records())
        return try forgingEachByte(of: event, rewritingHash: rewritingHash).map { ($0.byte, failure($0.log, notes: notes)) }
    }

    @Test("every changed byte of a stored leaf is named as an altered event", arguments: [2, 3])
    func changedByte(event: Int) throws {
        for (byte, found) in try Self.changingEachByte(of: event, rewritingHash: false) {
            #expect(found?.sequence == Int64(event) && found?.message.contains("altered") == true, "byte \(byte): \(String(describing: found))")
        }
    }

    @Test("a changed byte with its leaf hash rewritten too never verifies", arguments: [2, 3])
    func changedByteAndHash(event: Int) throws {
        for (byte, found) in try Self.changingEachByte(of: event, rewritingHash: true) {
            // Named at the event (not canonical, another sequence or tenant, a column differs) or at the first
            // checkpoint that covers it.
            #expect(found?.sequence == Int64(event) || found?.checkpointSize == 5, "byte \(byte): \(String(describing: found))")
        }
    }

    @Test("a dropped row is named as missing, on both paths", arguments: [2, 3])
    func dropped(event: Int) throws {
        var log = Self.records()
        let notes = try Self.notes(log)
        log.remove(at: event - 1)
        let found = Self.failure(log, notes: notes)
        #expect(found?.sequence == Int64(event) && found?.message.contains("missing") == true)
    }

    @Test("two rows that swapped places are named at the first, on both paths", arguments: [(2, 5), (3, 6)])
    func reordered(first: Int, second: Int) throws {
        var log = Self.records()
        let notes = try Self.notes(log)
        log.swapAt(first - 1, second - 1)
        (log[first - 1].sequence, log[second - 1].sequence) = (Int64(first), Int64(second))
        let found = Self.failure(log, notes: notes)
        #expect(found?.sequence == Int64(first) && found?.message.contains("say it is event \(second)") == true)
        var unsorted = Self.records()
        unsorted.swapAt(first - 1, second - 1)
        #expect(Self.failure(unsorted, notes: notes)?.sequence == Int64(first))
    }

    @Test("a stored decision that differs from the leaf's is named, on both paths")
    func decisionColumn() throws {
        let log = Self.records()
        let notes = try Self.notes(log)
        let changes: [(Int, String?)] = [(3, "deny"), (3, nil), (5, "allow"), (5, nil), (1, "deny"), (2, "allow")]
        for (index, stored) in changes {
            var changed = log
            changed[index].columns?.decision = stored
            let found = Self.failure(changed, notes: notes)
            #expect(found?.sequence == Int64(index + 1) && found?.message.contains("stored decision differs") == true, "\(String(describing: found))")
        }
    }

    @Test("a leaf of another tenant is named, on both paths", arguments: [2, 3])
    func otherTenant(event: Int) throws {
        var log = Self.records()
        let notes = try Self.notes(log)
        let text = try #require(log[event - 1].leaf).replacingOccurrences(of: "\"tenant\":\"acme\"", with: "\"tenant\":\"acne\"")
        log[event - 1].leaf = text
        log[event - 1].leafHash = AuditLeafHash.of(text)
        #expect(Self.failure(log, notes: notes)?.message == "Event \(event): its bytes say it belongs to tenant 'acne'.")
    }

    @Test("forged checkpoints are named: another key, an edited size or root, a broken signature, another log's origin")
    func forgedCheckpoints() throws {
        let log = Self.records()
        let genuine = try Self.checkpoint(log, size: 8)
        var forgedLog = log
        forgedLog[6] = Self.record(
            AuditEvent(sequence: 7, tenant: "acme", at: Date(timeIntervalSince1970: 1_795_000_007), actor: "token:tok_7", action: "x", target: "y"))
        let otherKey = try Self.checkpoint(forgedLog, size: 8, key: Curve25519.Signing.PrivateKey())
        #expect(Self.failure(forgedLog, notes: [try Self.checkpoint(log, size: 5), otherKey])?.message.contains("signature does not verify") == true)
        var lines = genuine.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let root = lines[2]
        lines[2] = AuditLeafHash.encode(Array(repeating: 7, count: 32))
        #expect(Self.failure(log, notes: [lines.joined(separator: "\n")])?.checkpointSize == 8)
        lines[2] = root
        #expect(Self.failure(log, notes: [genuine.replacingOccurrences(of: "\n8\n", with: "\n7\n")])?.checkpointSize == 7)
        let signatureLine = lines[lines.count - 2].split(separator: " ")
        var signature = try #require(Data(base64Encoded: String(signatureLine[2])))
        signature[signature.count - 1] ^= 1
        lines[lines.count - 2] = "\(signatureLine[0]) \(signatureLine[1]) \(signature.base64EncodedString())"
        let broken = Self.failure(log, notes: [lines.joined(separator: "\n")])
        #expect(broken?.checkpointSize == 8 && broken?.message.contains("signature does not verify") == true)
        let foreign = try Self.checkpoint(log, size: 8, origin: "lanyard.test/t/other/audit")
        let found = Self.failure(log, notes: [foreign])
        #expect(found?.checkpointSize == 8 && found?.message.contains("not tenant 'acme'") == true, "\(String(describing: found))")
    }
}
