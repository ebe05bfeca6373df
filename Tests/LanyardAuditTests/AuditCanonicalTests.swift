import Foundation
import LanyardAudit
import LanyardModel
import Testing

@Suite("Canonical audit leaves")
struct AuditCanonicalTests {
    static let event = AuditEvent(
        sequence: 42, tenant: "acme", at: Date(timeIntervalSince1970: 1_795_367_280.9), actor: "token:tok_1", action: "identity.register",
        target: "identity:idn_1", before: nil,
        after: .object([
            "name": .string("bot \"one\"\n/é"), "n": .number(3), "f": .number(1.5), "big": .number(1e300), "ok": .bool(true),
            "none": .null, "list": .array([.number(-0.0), .string("\u{01}")]), "B": .string("upper sorts first"),
        ]),
        details: ["reason": "tab\there", "aud": "crm"])

    /// The pinned canonical bytes of ``event``.
    static let expectedLeaf =
        #"{"action":"identity.register","actor":"token:tok_1","after":{"B":"upper sorts first","big":1e+300,"f":1.5,"#
        + #""list":[0,"\u0001"],"n":3,"name":"bot \"one\"\n/é","none":null,"ok":true},"at":"2026-11-22T17:08:00Z","#
        + #""details":{"aud":"crm","reason":"tab\there"},"seq":42,"target":"identity:idn_1","tenant":"acme","v":1}"#

    @Test("the canonical bytes of an event are pinned: sorted members, no whitespace, minimal escapes, RFC 3339 seconds")
    func golden() {
        #expect(Self.event.canonicalLeaf() == Self.expectedLeaf)
    }

    @Test("a leaf reads back into the same event, and re-encodes to the same bytes")
    func roundTrip() throws {
        let leaf = Self.event.canonicalLeaf()
        let parsed = try AuditEvent(canonicalLeaf: leaf)
        #expect(parsed.sequence == 42 && parsed.actor == "token:tok_1" && parsed.details == Self.event.details)
        #expect(parsed.atSeconds == 1_795_367_280)
        #expect(parsed.canonicalLeaf() == leaf)
    }

    @Test(
        "text that is not a canonical leaf is refused",
        arguments: [
            #"{"action":"a","actor":"b","at":"2026-11-22T17:08:00Z","details":{},"seq":1,"target":"t","tenant":"x","v":1} "#,
            #"{"actor":"b","action":"a","at":"2026-11-22T17:08:00Z","details":{},"seq":1,"target":"t","tenant":"x","v":1}"#,
            #"{"action":"a","actor":"b","at":"2026-11-22T17:08:00Z","details":{},"seq":1,"target":"t","tenant":"x","v":2}"#,
            #"{"action":"a","actor":"b","at":"2026-11-22 17:08:00","details":{},"seq":1,"target":"t","tenant":"x","v":1}"#,
            #"{"action":"a","actor":"b","at":"2026-11-22T17:08:00Z","details":{},"seq":0,"target":"t","tenant":"x","v":1}"#,
            #"{"action":"a","actor":"b","at":"2026-11-22T17:08:00Z","details":{},"extra":1,"seq":1,"target":"t","tenant":"x","v":1}"#,
            "not json",
        ])
    func refused(text: String) {
        #expect(throws: LanyardError.self) { try AuditEvent(canonicalLeaf: text) }
    }
}
