import Testing

@testable import CedarPolicy

@Suite("HashIndex")
struct HashIndexTests {
    @Test("each distinct key has its own position; repeats keep the first; absent keys are not found")
    func positions() {
        var index = HashIndex<CedarString>()
        #expect(index.position(of: "a") == nil)
        #expect(index.insert("a") == 0)
        #expect(index.insert("b") == 1)
        #expect(index.insert("a") == 0)
        #expect(index.count == 2)
        #expect(index.position(of: "b") == 1)
        #expect(index.position(of: "c") == nil)
        #expect(index.keys == ["a", "b"])
    }

    @Test("fifty thousand uids, through many resizes, each found at its own position")
    func manyKeys() {
        let uids = (0..<25_000).flatMap { [EntityUID("User", "\($0)"), EntityUID("Group", "\($0)")] }
        let index = HashIndex(uids + uids.prefix(100))
        #expect(index.count == uids.count)
        var seen = Set<Int>()
        for (i, uid) in uids.enumerated() {
            let p = index.position(of: uid)
            #expect(p == i)
            if let p { seen.insert(p) }
        }
        #expect(seen.count == uids.count)
        #expect(!index.contains(EntityUID("User", "25000")))
        #expect(!index.contains(EntityUID("Group", "é")))
    }

    @Test("keys equal as Swift strings but not as Cedar strings are distinct")
    func canonicalEquivalents() {
        let index = HashIndex<CedarString>(["é", "e\u{301}", "K", "\u{212A}"])
        #expect(index.count == 4)
        #expect(index.position(of: "e\u{301}") == 1)
        #expect(index.position(of: "\u{212A}") == 3)
    }
}
