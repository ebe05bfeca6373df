import Testing

@testable import CedarPolicy

@Suite("Precomputed hashes of strings and entity uids")
struct PrecomputedHashTests {
    /// A string with the same bytes as `s` in separate storage (not a copy of `s`'s buffer).
    private func rebuilt(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }

    @Test("equal strings made separately are equal and hash alike, short, long and non-ASCII")
    func equalStrings() {
        for s in ["", "a", "Agent", "platform-admins", "a string longer than fifteen bytes", "é", "Grüße, 世界 \u{1F600}"] {
            let a = CedarString(s)
            let b = CedarString(rebuilt(s))
            #expect(a == b, "\(s)")
            #expect(a.hashCode == b.hashCode, "\(s)")
            #expect(a.hashValue == b.hashValue, "\(s)")
        }
    }

    @Test("strings that differ in any byte are different, canonical equivalents included")
    func distinctStrings() {
        let pairs: [(String, String)] = [
            ("abc", "abd"), ("abcdefgh", "abcdefgi"), ("abcdefghijklmnopq", "abcdefghijklmnopr"), ("a", "a\0"),
            ("é", "e\u{301}"),  // canonically equivalent, different scalars
            ("K", "\u{212A}"),  // KELVIN SIGN is canonically equivalent to K
            (";", "\u{037E}"),  // GREEK QUESTION MARK is canonically equivalent to ;
            ("ab", "é"),  // same byte count, one ASCII
        ]
        for (x, y) in pairs {
            #expect(CedarString(x) != CedarString(y), "\(x) vs \(y)")
            #expect(Set([CedarString(x), CedarString(y)]).count == 2, "\(x) vs \(y)")
        }
    }

    @Test("ten thousand distinct names keep distinct identities in a set")
    func manyNames() {
        let names = (0..<10_000).map { CedarString("user\($0)") } + (0..<10_000).map { CedarString("User\($0)") }
        #expect(Set(names).count == names.count)
        #expect(Set(names.map(\.hashCode)).count > names.count - 5, "hash codes should almost never coincide")
    }

    @Test("ordering is by bytes, not by Swift's string order")
    func ordering() {
        #expect(CedarString("B") < CedarString("a"))
        #expect(CedarString("e\u{301}") < CedarString("é"))
        #expect(!(CedarString("x") < CedarString("x")))
    }

    @Test("uids are equal exactly when type and id are; the split between them matters")
    func uids() {
        #expect(EntityUID("User", "alice") == EntityUID(type: CedarString(rebuilt("User")), id: CedarString(rebuilt("alice"))))
        #expect(EntityUID("User", "alice").hashValue == EntityUID("User", "alice").hashValue)
        #expect(EntityUID("A", "B") != EntityUID("B", "A"))
        #expect(EntityUID("A::B", "c") != EntityUID("A", "B::c"))
        #expect(EntityUID("User", "é") != EntityUID("User", "e\u{301}"))
        let uids = (0..<5_000).flatMap { [EntityUID("User", "u\($0)"), EntityUID("Group", "u\($0)")] }
        #expect(Set(uids).count == uids.count)
    }
}
