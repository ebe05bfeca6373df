import Testing

@testable import CedarPolicy

@Suite("Records decoded and checked through the schema's attribute layout")
struct RecordLayoutTests {
    /// A schema whose one action has a context of `count` attributes `a0`, `a1`, …, of which the even ones are
    /// required.
    private func schema(attributes count: Int) throws -> Schema {
        let attrs = (0..<count).map { "a\($0)\($0 % 2 == 0 ? "" : "?"): Long" }.joined(separator: ", ")
        return try Schema(cedarSchema: "entity U; action go appliesTo { principal: [U], resource: [U], context: { \(attrs) } };")
    }

    private func context(_ members: [(String, JSONValue)], _ schema: Schema) throws(EntityJSONError) -> [CedarString: Value] {
        try ContextJSON.parse(.object(members), schema: schema, action: EntityUID("Action", "go"))
    }

    @Test("small and large records decode the same way: every attribute found, unknown ones rejected")
    func lookups() throws {
        for count in [3, 16, 17, 70] {
            let s = try schema(attributes: count)
            let members = (0..<count).map { ("a\($0)", JSONValue.int(Int64($0))) }
            let r = try context(members, s)
            #expect(r.count == count)
            #expect(r[CedarString("a\(count - 1)")] == .long(Int64(count - 1)))
            #expect(throws: EntityJSONError.self) { try context(members + [("b", .int(1))], s) }
            #expect(RequestValidator.conforms(.record(r), .record(s.actions[EntityUID("Action", "go")]?.context ?? RecordType())))
        }
    }

    @Test("a repeated key is rejected wherever it is, also past the 64th attribute")
    func duplicates() throws {
        let s = try schema(attributes: 70)
        let members = (0..<70).map { ("a\($0)", JSONValue.int(1)) }
        for repeated in [0, 63, 64, 69] {
            #expect(throws: EntityJSONError.self, "a\(repeated)") { try context(members + [("a\(repeated)", .int(2))], s) }
        }
    }

    @Test("a missing required attribute is rejected and named; a missing optional one is not")
    func required() throws {
        let s = try schema(attributes: 70)
        let members = (0..<70).map { ("a\($0)", JSONValue.int(1)) }
        #expect(throws: Never.self) { try context(members.filter { $0.0 != "a67" }, s) }
        do {
            _ = try context(members.filter { $0.0 != "a66" }, s)
            Issue.record("a66 is required")
        } catch {
            #expect(error.message.contains("`a66`"))
        }
        let def = try #require(s.actions[EntityUID("Action", "go")])
        let missing = Dictionary(uniqueKeysWithValues: members.filter { $0.0 != "a66" }.map { (CedarString($0.0), Value.long(1)) })
        #expect(!RequestValidator.conforms(.record(missing), .record(def.context)))
    }
}
