import Foundation
import LanyardAudit
import LanyardModel
import Testing

@Suite("The leaf storage keeps")
struct AuditLeafTests {
    @Test("an event's leaf is its pinned canonical bytes and their pinned RFC 9162 leaf hash")
    func golden() {
        let leaf = AuditLeaf(AuditCanonicalTests.event)
        #expect(leaf.text == AuditCanonicalTests.expectedLeaf)
        // SHA-256(0x00 ‖ leaf bytes), computed outside Swift (Python hashlib).
        #expect(leaf.encodedHash == "+y/UFiCNGvD52XGud0NX0h+NUXAO9P1NDdbsfP7bM1g=")
        #expect(AuditLeafHash.decode(leaf.encodedHash) == leaf.hash && leaf.hash.count == 32)
    }

    @Test("the sequence number is part of the bytes, so the same event at another position has another hash")
    func sequenceIsHashed() {
        var moved = AuditCanonicalTests.event
        moved.sequence += 1
        #expect(AuditLeaf(moved).hash != AuditLeaf(AuditCanonicalTests.event).hash)
    }

    @Test("a leaf drafted before its sequence number is known is, once numbered, the same bytes and hash as the leaf")
    func draftMatchesLeaf() {
        var large = AuditCanonicalTests.event
        large.before = .object(["k": .string("v")])
        large.details["records"] = String(repeating: #"[{"request":{"subject":"é\u0001"},"decision":true}]"#, count: 2_000)
        var bare = AuditCanonicalTests.event
        bare.after = nil
        bare.details = [:]
        for event in [AuditCanonicalTests.event, large, bare] {
            let draft = AuditLeafDraft(event)
            for sequence: Int64 in [1, 42, 9_999, Int64.max] {
                var numbered = event
                numbered.sequence = sequence
                #expect(draft.sequenced(sequence) == AuditLeaf(numbered))
            }
        }
        #expect(AuditLeafDraft(AuditCanonicalTests.event).sequenced(42).text == AuditCanonicalTests.expectedLeaf)
    }

    @Test("secrets never reach the bytes")
    func secretsAreNotEncoded() {
        var event = AuditCanonicalTests.event
        event.secrets = ["token": "s3cr3t-value"]
        #expect(!AuditLeaf(event).text.contains("s3cr3t-value"))
    }

    @Test("leaf hashes are read back only from base64 of exactly 32 bytes")
    func hashDecoding() {
        #expect(AuditLeafHash.decode(AuditLeafHash.encode(Array(repeating: 9, count: 32))) == Array(repeating: 9, count: 32))
        #expect(AuditLeafHash.decode(AuditLeafHash.encode(Array(repeating: 9, count: 31))) == nil)
        #expect(AuditLeafHash.decode("not base64!") == nil)
    }
}
