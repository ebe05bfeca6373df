import Foundation
import Testing
@testable import CedarPolicy

/// Entity-data acceptance rules found by differential testing against cedarpy 4.12.2
/// (scripts/cedar-differential): Rust computes the transitive closure over the data first.
@Suite("Entity data: listed actions and hierarchy cycles")
struct EntityDataRulesTests {
    let schemaText = """
        entity U in [U];
        action "view";
        action "edit" in ["view"];
        action "write" in ["edit"] appliesTo { principal: [U], resource: [U] };
        action "x" in ["write"];
        """

    func actions(_ list: [(String, [String])]) -> String {
        "["
            + list.map { id, ps in
                #"{"uid": {"type": "Action", "id": "\#(id)"}, "attrs": {}, "parents": ["#
                    + ps.map { #"{"type": "Action", "id": "\#($0)"}"# }.joined(separator: ", ") + "]}"
            }.joined(separator: ", ") + "]"
    }

    @Test(
        "a listed action's ancestors are computed through the listed data, then must equal the schema's",
        arguments: [
            // (listed actions, accepted by Rust)
            ([("write", ["edit"]), ("edit", ["view"])], true),
            ([("write", ["edit", "view"])], true),
            ([("x", ["write"]), ("write", ["edit"]), ("edit", ["view"])], true),
            ([("x", ["write", "edit"]), ("edit", ["view"])], true),
            ([("x", ["write"]), ("write", ["edit", "view"])], true),
            ([("view", [])], true),
            ([("edit", ["view"])], true),
            ([("write", ["edit"])], false),
            ([("write", ["view"]), ("edit", ["view"])], false),
            ([("write", ["edit"]), ("edit", [])], false),
            ([("write", ["edit", "view", "x"])], false),
            ([("write", ["edit"]), ("edit", ["view", "x"])], false),
            ([("write", ["edit"]), ("edit", ["view"]), ("view", ["edit"])], false),
        ] as [([(String, [String])], Bool)])
    func listedActions(_ listed: [(String, [String])], _ accepted: Bool) throws {
        let s = try Schema(cedarSchema: schemaText)
        let json = actions(listed)
        if accepted {
            let es = try Entities(json: json, schema: s)
            #expect(es.isDescendant(EntityUID("Action", "write"), of: EntityUID("Action", "view")))
        } else {
            #expect(throws: EntityJSONError.self) { try Entities(json: json, schema: s) }
        }
    }

    @Test("entity data whose parent graph has a cycle is rejected, with or without a schema")
    func cycles() throws {
        let s = try Schema(cedarSchema: schemaText)
        let two = #"""
            [{"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [{"type": "U", "id": "b"}]},
             {"uid": {"type": "U", "id": "b"}, "attrs": {}, "parents": [{"type": "U", "id": "a"}]}]
            """#
        let selfLoop = #"[{"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [{"type": "U", "id": "a"}]}]"#
        let dag = #"""
            [{"uid": {"type": "U", "id": "a"}, "attrs": {}, "parents": [{"type": "U", "id": "b"}, {"type": "U", "id": "c"}]},
             {"uid": {"type": "U", "id": "b"}, "attrs": {}, "parents": [{"type": "U", "id": "c"}]},
             {"uid": {"type": "U", "id": "c"}, "attrs": {}, "parents": []}]
            """#
        for json in [two, selfLoop] {
            #expect(throws: EntityJSONError.self) { try Entities(json: json, schema: s) }
            #expect(throws: EntityJSONError.self) { try Entities(json: json) }
        }
        let es = try Entities(json: dag, schema: s)
        #expect(es.isDescendant(EntityUID("U", "a"), of: EntityUID("U", "c")))
    }

    @Test("a repeated entity entry is accepted iff it equals the first one after parsing")
    func duplicates() throws {
        let s = try Schema(cedarSchema: "entity G in [G] {d?: decimal, s?: Set<Long>, n?: Long} tags Long;")
        func g(_ body: String) -> String { #"{"uid": {"type": "G", "id": "a"}, "#.appending(body) + "}" }
        let cases: [(String, String, Bool, Bool)] = [  // (first, second, accepted with schema, without)
            (
                #""attrs": {}, "parents": [{"type": "G", "id": "b"}]"#,
                #""attrs": {}, "parents": [{"type": "G", "id": "b"}]"#, true, true
            ),
            (
                #""attrs": {}, "parents": [{"type": "G", "id": "b"}, {"type": "G", "id": "c"}]"#,
                #""attrs": {}, "parents": [{"type": "G", "id": "c"}, {"type": "G", "id": "b"}]"#, true, true
            ),
            (
                #""attrs": {}, "parents": [{"type": "G", "id": "b"}]"#,
                #""attrs": {}, "parents": [{"type": "G", "id": "c"}]"#, false, false
            ),
            (#""attrs": {"n": 1}, "parents": []"#, #""attrs": {"n": 2}, "parents": []"#, false, false),
            (#""attrs": {"n": 1}, "parents": []"#, #""attrs": {}, "parents": []"#, false, false),
            (#""attrs": {"s": [1, 2]}, "parents": []"#, #""attrs": {"s": [2, 1, 1]}, "parents": []"#, true, true),
            (#""attrs": {"d": "1.0"}, "parents": []"#, #""attrs": {"d": "1.00"}, "parents": []"#, true, false),
            (#""attrs": {}, "parents": [], "tags": {"k": 1}"#, #""attrs": {}, "parents": [], "tags": {"k": 2}"#, false, false),
            (#""attrs": {}, "parents": []"#, #""attrs": {}, "parents": [], "tags": {}"#, true, true),
            (#""attrs": {}, "parents": []"#, #""attrs": {}, "parents": [], "tags": {"k": 1}"#, false, false),
        ]
        for (a, b, withSchema, without) in cases {
            let json = "[\(g(a)), \(g(b))]"
            if withSchema {
                #expect(throws: Never.self, "\(json)") { _ = try Entities(json: json, schema: s) }
            } else {
                #expect(throws: EntityJSONError.self, "\(json)") { _ = try Entities(json: json, schema: s) }
            }
            if without {
                #expect(throws: Never.self, "\(json)") { _ = try Entities(json: json) }
            } else {
                #expect(throws: EntityJSONError.self, "\(json)") { _ = try Entities(json: json) }
            }
        }
        let actions = try Schema(cedarSchema: "entity U; action a appliesTo { principal: [U], resource: [U] };")
        let same = #"[{"uid": {"type": "Action", "id": "a"}, "attrs": {}, "parents": []}, {"uid": {"type": "Action", "id": "a"}, "attrs": {}, "parents": []}]"#
        #expect(throws: Never.self) { _ = try Entities(json: same, schema: actions) }
    }

    @Test("a listed action entity may not carry attributes or tags (an empty `tags` object is fine)")
    func actionAttrsAndTags() throws {
        let s = try Schema(cedarSchema: "entity U; action a appliesTo { principal: [U], resource: [U] };")
        func a(_ extra: String) -> String { #"[{"uid": {"type": "Action", "id": "a"}, "parents": [], "#.appending(extra) + "}]" }
        #expect(throws: Never.self) { _ = try Entities(json: a(#""attrs": {}"#), schema: s) }
        #expect(throws: Never.self) { _ = try Entities(json: a(#""attrs": {}, "tags": {}"#), schema: s) }
        #expect(throws: EntityJSONError.self) { _ = try Entities(json: a(#""attrs": {}, "tags": {"k": "s"}"#), schema: s) }
        #expect(throws: EntityJSONError.self) { _ = try Entities(json: a(#""attrs": {"x": 1}"#), schema: s) }
    }
}

@Suite("Entities overlay")
struct EntitiesOverlayTests {
    @Test("overlay entities get their ancestors from the store, replace stored ones, and leave the store alone")
    func overlay() throws {
        let store = Entities([
            Entity(uid: EntityUID("Group", "staff"), parents: [EntityUID("Group", "all")]),
            Entity(uid: EntityUID("Group", "all")),
            Entity(uid: EntityUID("User", "bob"), attrs: ["age": .long(1)]),
        ])
        let bob = Entity(uid: EntityUID("User", "bob"), attrs: ["age": .long(2)], parents: [EntityUID("Group", "staff")])
        let extended = store.overlaying([bob, Entity(uid: EntityUID("User", "eve"), parents: [EntityUID("User", "bob")])])
        #expect(extended[EntityUID("User", "bob")]?.attrs["age"] == .long(2))
        #expect(extended.isDescendant(EntityUID("User", "bob"), of: EntityUID("Group", "all")))
        #expect(extended.isDescendant(EntityUID("User", "eve"), of: EntityUID("Group", "all")))
        #expect(store[EntityUID("User", "bob")]?.attrs["age"] == .long(1))
        #expect(!store.isDescendant(EntityUID("User", "bob"), of: EntityUID("Group", "all")))
        #expect(extended.adding([])[EntityUID("User", "eve")] != nil)
    }
}
