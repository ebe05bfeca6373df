import Foundation
import Testing
@testable import CedarPolicy

@Suite("JSON schema format")
struct SchemaJSONTests {
    @Test("a JSON schema resolves to the same declarations as the equivalent Cedar schema")
    func equivalence() throws {
        let cedar = try Schema(
            cedarSchema: """
                namespace App {
                  type Ctx = { ip: ipaddr, n?: Long };
                  entity Group;
                  entity User in [Group] = { name: String, friends: Set<User>, meta: { a: Bool } } tags String;
                  entity Color enum ["red"];
                  action read appliesTo { principal: [User], resource: [Group], context: Ctx };
                  action write in [read] appliesTo { principal: User, resource: Group };
                }
                """)
        let json = try Schema(
            jsonSchema: #"""
                {"App": {
                  "commonTypes": {"Ctx": {"type": "Record", "attributes": {
                      "ip": {"type": "Extension", "name": "ipaddr"}, "n": {"type": "Long", "required": false}}}},
                  "entityTypes": {
                    "Group": {},
                    "User": {"memberOfTypes": ["Group"], "tags": {"type": "String"}, "shape": {"type": "Record", "attributes": {
                       "name": {"type": "String"}, "friends": {"type": "Set", "element": {"type": "Entity", "name": "User"}},
                       "meta": {"type": "Record", "attributes": {"a": {"type": "Boolean"}}}}}},
                    "Color": {"enum": ["red"]}},
                  "actions": {
                    "read": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Group"], "context": {"type": "Ctx"}}},
                    "write": {"memberOf": [{"id": "read"}], "appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Group"]}}}
                }}
                """#)
        #expect(Set(cedar.entityTypes.keys) == Set(json.entityTypes.keys))
        for (k, v) in cedar.entityTypes {
            #expect(json.entityTypes[k]?.shape == v.shape)
            #expect(json.entityTypes[k]?.memberOfTypes == v.memberOfTypes)
            #expect(json.entityTypes[k]?.tags == v.tags)
            #expect(json.entityTypes[k]?.enumIDs == v.enumIDs)
        }
        for (k, v) in cedar.actions {
            #expect(json.actions[k]?.context == v.context)
            #expect(json.actions[k]?.memberOf == v.memberOf)
            #expect(json.actions[k]?.principalTypes == v.principalTypes)
        }
    }

    static func sameDeclarations(_ a: Schema, _ b: Schema) -> Bool {
        guard Set(a.entityTypes.keys) == Set(b.entityTypes.keys), Set(a.actions.keys) == Set(b.actions.keys) else { return false }
        for (k, v) in a.entityTypes {
            guard let w = b.entityTypes[k], w.shape == v.shape, Set(w.memberOfTypes) == Set(v.memberOfTypes),
                w.tags == v.tags, w.enumIDs == v.enumIDs
            else { return false }
        }
        for (k, v) in a.actions {
            guard let w = b.actions[k], w.context == v.context, Set(w.memberOf) == Set(v.memberOf),
                Set(w.principalTypes) == Set(v.principalTypes), Set(w.resourceTypes) == Set(v.resourceTypes)
            else { return false }
        }
        return a.actionAncestors == b.actionAncestors
    }

    @Test("schemas render to Cedar text and JSON that parse back to the same declarations")
    func renderRoundTrip() throws {
        var texts = [
            #"""
            type Addr = { "street name": String, zip?: Long };
            entity Group in [Group];
            entity User in [Group] = { addr: Addr, tags: Set<String>, ip: ipaddr, Long: Long } tags decimal;
            entity Kind enum ["a", "b\u{0}"];
            namespace NS { entity Long; entity Thing = { l: Long, u: User }; action "x\"y" appliesTo { principal: [User], resource: [Thing] }; }
            action read appliesTo { principal: [User], resource: [Group, NS::Thing], context: { when?: datetime } };
            action write in [read, NS::Action::"x\"y"] appliesTo { principal: User, resource: Group };
            action group;
            """#
        ]
        for path in [
            SharedData.path("conformance/cedar/sample-data/sandbox_a/schema.cedarschema"),
            SharedData.path("conformance/cedar/sample-data/sandbox_b/schema_exts.cedarschema"),
            SharedData.path("bench/cedar/workload/small/schema.cedarschema"),
        ] {
            if let d = FileManager.default.contents(atPath: path) { texts.append(String(decoding: d, as: UTF8.self)) }
        }
        for text in texts {
            let original = try Schema(cedarSchema: text)
            let fromText = try Schema(cedarSchema: original.cedarText)
            let fromJSON = try Schema(jsonSchema: original.json.serialized)
            #expect(SchemaJSONTests.sameDeclarations(original, fromText), "\(original.cedarText)")
            #expect(SchemaJSONTests.sameDeclarations(original, fromJSON), "\(original.json.serialized)")
        }
    }
}
