import Foundation
@testable import LanyardAudit
import LanyardModel
import Testing

/// The verifier's one-pass leaf reader against the full parser (`AuditEvent(canonicalLeaf:)`, which parses the JSON
/// and compares the re-encoding): whatever the reader accepts, the parser accepts with the same values.
@Suite("Reading canonical leaves in one pass")
struct AuditLeafFieldsTests {
    static let at = Date(timeIntervalSince1970: 1_795_367_280)

    /// Leaves inside the reader's subset: escapes, non-ASCII text, snapshots with nested values, a decision.
    static let events: [AuditEvent] = [
        AuditEvent(sequence: 1, tenant: "acme", at: at, actor: "token:tok_1", action: "identity.register", target: "identity:idn_1"),
        AuditEvent(
            sequence: 42, tenant: "t-é", at: at.addingTimeInterval(86_399), actor: "a \"quoted\" \\ back\nslash\t\u{01}\u{1F}\u{7F}",
            action: "authz.evaluation", target: "日本/🙂", details: ["decision": "deny", "reason": "tab\there", "z": ""]),
        AuditEvent(
            sequence: 9_007_199_254_740_991, tenant: "acme", at: Date(timeIntervalSince1970: 0), actor: "system:sweeper",
            action: "identity.expire", target: "identity:idn_2",
            before: .object([
                "name": .string("bot"), "n": .int(-12), "zero": .int(0), "big": .int(999_999_999_999_999), "ok": .bool(false),
                "none": .null, "list": .array([.int(1), .string("\u{08}\u{0C}"), .array([]), .object([:])]),
                "nested": .object(["a": .object(["b": .array([.bool(true)])])]),
            ]),
            after: .object(["name": .string("bot"), "status": .string("expired")]), details: ["decision": "allow"]),
    ]

    /// The fields the reader finds in `bytes`, and their values as ``summary(_:)`` writes an event's.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> (AuditLeafFields, String)? {
        var times = AuditLeafFields.TimeMemo()
        guard let fields = AuditLeafFields.read(bytes, times: &times) else { return nil }
        let texts = [fields.tenant, fields.actor, fields.action, fields.target].map { AuditLeafFields.string($0, in: bytes) }
        return (fields, (texts + [fields.decision.map { AuditLeafFields.string($0, in: bytes) } ?? "-"]).joined(separator: "|"))
    }

    func read(_ text: String) -> (AuditLeafFields, String)? {
        var text = text
        return text.withUTF8(Self.read)
    }

    func summary(_ event: AuditEvent) -> String {
        [event.tenant, event.actor, event.action, event.target, event.details["decision"] ?? "-"].joined(separator: "|")
    }

    @Test("the members verification compares are read from canonical leaves, escapes and non-ASCII text included")
    func fields() throws {
        for event in Self.events {
            let (fields, values) = try #require(read(event.canonicalLeaf()), "\(event.canonicalLeaf())")
            #expect(fields.sequence == event.sequence && fields.atSeconds == event.atSeconds)
            #expect(values == summary(event))
        }
    }

    @Test("a character that needs attention is seen at every offset of a long string, eight bytes at a time or not")
    func everyOffset() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "é", "🙂", "\u{7F}"] {
            for offset in 0..<20 {
                let actor = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let event = AuditEvent(sequence: 3, tenant: "acme", at: Self.at, actor: actor, action: "act", target: "t")
                let (_, values) = try #require(read(event.canonicalLeaf()), "\(event.canonicalLeaf())")
                #expect(values == summary(event))
            }
        }
    }

    @Test(
        "leaves outside the reader's subset are left to the full parser, which accepts them",
        arguments: [
            AuditCanonicalTests.expectedLeaf,  // 1.5 and 1e+300
            AuditEvent(tenant: "acme", at: at, actor: "a", action: "b", target: "c", after: .object(["é": .int(1)])).canonicalLeaf(),
            AuditEvent(tenant: "acme", at: at, actor: "a", action: "b", target: "c", after: .object(["k\n": .int(1)])).canonicalLeaf(),
            AuditEvent(tenant: "acme", at: at, actor: "a", action: "b", target: "c", after: .int(1_000_000_000_000_000)).canonicalLeaf(),
            AuditEvent(tenant: "acme", at: at, actor: "a", action: "b", target: "c", details: ["ü": "x"]).canonicalLeaf(),
        ].map { $0.replacingOccurrences(of: "\"seq\":0", with: "\"seq\":1") })
    func outsideTheSubset(leaf: String) throws {
        #expect(read(leaf) == nil)
        #expect(try AuditEvent(canonicalLeaf: leaf).sequence >= 1)
    }

    @Test("deeply nested snapshots are left to the full parser")
    func depth() {
        var value = JSONValue.int(1)
        for _ in 0..<(AuditLeafFields.maxDepth + 1) { value = .array([value]) }
        let leaf = AuditEvent(sequence: 1, tenant: "acme", at: Self.at, actor: "a", action: "b", target: "c", after: value).canonicalLeaf()
        #expect(read(leaf) == nil)
    }

    /// Every single-byte replacement (by bytes that matter to JSON and UTF-8), deletion and duplication of `leaf`.
    static func mutants(of leaf: String) -> [[UInt8]] {
        let bytes = Array(leaf.utf8)
        let replacements: [UInt8] = Array("\"\\/{}[],:-019aenu. ".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE6, 0xED, 0xF0, 0xFF]
        var out: [[UInt8]] = []
        for index in bytes.indices {
            for byte in replacements where byte != bytes[index] {
                var mutant = bytes
                mutant[index] = byte
                out.append(mutant)
            }
            var deleted = bytes
            deleted.remove(at: index)
            out.append(deleted)
            var doubled = bytes
            doubled.insert(bytes[index], at: index)
            out.append(doubled)
        }
        return out
    }

    @Test("whatever the reader accepts of a mutated leaf, the full parser accepts with the same values")
    func subset() throws {
        var acceptedByBoth = 0
        var refusedByBoth = 0
        for event in Self.events {
            for mutant in Self.mutants(of: event.canonicalLeaf()) {
                let fields = mutant.withUnsafeBufferPointer(Self.read)
                let parsed = try? AuditEvent(canonicalLeaf: String(decoding: mutant, as: UTF8.self))
                guard let (fields, values) = fields else {
                    if parsed == nil { refusedByBoth += 1 }
                    continue
                }
                let text = String(decoding: mutant, as: UTF8.self)
                let event = try #require(parsed, "the reader accepted what the parser refuses: \(text)")
                #expect(Array(text.utf8) == mutant, "the reader accepted bytes that are not UTF-8")
                #expect(event.sequence == fields.sequence && event.atSeconds == fields.atSeconds, "\(text)")
                #expect(summary(event) == values, "\(text)")
                acceptedByBoth += 1
            }
        }
        // Not vacuous: many mutants are still canonical leaves (a changed letter), most are not.
        #expect(acceptedByBoth > 500 && refusedByBoth > 5000, "\(acceptedByBoth) accepted, \(refusedByBoth) refused")
    }
}
