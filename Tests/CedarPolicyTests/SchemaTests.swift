import Testing
@testable import CedarPolicy

@Suite("Schema and entity data")
struct SchemaTests {
    let schemaText = """
        namespace App {
          type Ctx = { ip: ipaddr, score?: decimal };
          entity Group;
          entity User in [Group] = { name: String, manager?: User, tags: Set<String> } tags String;
          entity Color enum ["red", "green"];
          action read, write appliesTo { principal: [User], resource: [Group], context: Ctx };
          action edit in [write] appliesTo { principal: User, resource: Group, context: Ctx, };
        }
        """

    @Test("the Cedar schema syntax parses namespaces, common types, enums, tags and action groups")
    func parseSchema() throws {
        let s = try Schema(cedarSchema: schemaText)
        #expect(s.entityTypes["App::User"]?.memberOfTypes == ["App::Group"])
        #expect(s.entityTypes["App::User"]?.tags == .string)
        #expect(s.entityTypes["App::Color"]?.enumIDs == ["red", "green"])
        let edit = EntityUID("App::Action", "edit")
        #expect(s.actionAncestors[edit] == [EntityUID("App::Action", "write")])
    }

    @Test("entity attributes given as plain strings become extension values via the schema")
    func schemaTypedEntities() throws {
        let s = try Schema(cedarSchema: schemaText)
        let json = #"""
            [{"uid": {"type": "App::User", "id": "a"}, "attrs": {"name": "A", "manager": {"type": "App::User", "id": "b"}, "tags": []},
              "parents": [{"type": "App::Group", "id": "g"}], "tags": {"t": "x"}}]
            """#
        let es = try Entities(json: json, schema: s)
        #expect(es[EntityUID("App::User", "a")]?.attrs["manager"] == .entity(EntityUID("App::User", "b")))
        #expect(es[EntityUID("App::Action", "edit")]?.ancestors.contains(EntityUID("App::Action", "write")) == true)
        let ctx = try ContextJSON.parse(#"{"ip": "10.0.0.1", "score": "0.5"}"#, schema: s, action: EntityUID("App::Action", "read"))
        #expect(ctx["ip"] == .ext(.ipaddr(IPAddr(parsing: "10.0.0.1") ?? IPAddr(isV4: true, hi: 0, lo: 0, prefix: 0))))
        #expect(ctx["score"] == .ext(.decimal(CedarDecimal(scaled: 5000))))
    }

    @Test("entities that do not conform to the schema are rejected")
    func nonConforming() throws {
        let s = try Schema(cedarSchema: schemaText)
        let missing = #"[{"uid": {"type": "App::User", "id": "a"}, "attrs": {"tags": []}, "parents": []}]"#
        #expect(throws: EntityJSONError.self) { try Entities(json: missing, schema: s) }
        let badEnum = #"[{"uid": {"type": "App::Color", "id": "blue"}, "attrs": {}, "parents": []}]"#
        #expect(throws: EntityJSONError.self) { try Entities(json: badEnum, schema: s) }
    }

    @Test("the __entity and __extn escapes, including multi-argument offset, decode without a schema")
    func escapes() throws {
        let json = #"""
            [{"uid": {"__entity": {"type": "U", "id": "a"}}, "parents": [],
              "attrs": {"f": {"__entity": {"type": "U", "id": "b"}}, "d": {"__extn": {"fn": "decimal", "arg": "1.5"}}},
              "tags": {"o": {"__extn": {"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "1970-01-01"}},
                                                               {"__extn": {"fn": "duration", "arg": "1s"}}]}}}}]
            """#
        let es = try Entities(json: json)
        let e = es[EntityUID("U", "a")]
        #expect(e?.attrs["f"] == .entity(EntityUID("U", "b")))
        #expect(e?.tags["o"] == .ext(.datetime(1000)))
    }

    @Test("requests are validated against the action's appliesTo and context")
    func requestValidation() throws {
        let s = try Schema(cedarSchema: schemaText)
        let ok = Request(
            principal: EntityUID("App::User", "a"), action: EntityUID("App::Action", "read"),
            resource: EntityUID("App::Group", "g"), context: ["ip": .ext(.ipaddr(IPAddr(isV4: true, hi: 0, lo: 1, prefix: 32)))])
        #expect(RequestValidator.validate(ok, schema: s).isEmpty)
        let bad = Request(
            principal: EntityUID("App::Group", "g"), action: EntityUID("App::Action", "read"),
            resource: EntityUID("App::Group", "g"))
        #expect(!RequestValidator.validate(bad, schema: s).isEmpty)
    }

    @Test("JSON numbers outside the signed 64-bit range are rejected")
    func bigNumbers() {
        #expect(throws: EntityJSONError.self) {
            try Entities(json: #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"n": 9223372036854775808}, "parents": []}]"#)
        }
    }

    @Test("schema syntax: annotations, quoted action names with escapes, trailing commas, __cedar types")
    func schemaSyntax() throws {
        let s = try Schema(
            cedarSchema: #"""
                @doc("top") namespace NS {
                  @doc("e") entity E = { @doc("a") a: __cedar::Long, "b c"?: __cedar::String, };
                  action "read\u{1}\"x\"" appliesTo { principal: [E,], resource: E, context: {}, };
                }
                """#)
        #expect(s.entityTypes["NS::E"]?.shape.attributes["b c"]?.required == false)
        #expect(s.actions[EntityUID("NS::Action", "read\u{1}\"x\"")] != nil)
    }

    @Test("schema rules: RFC 70 shadowing, reserved names, cycles and incomplete appliesTo are errors")
    func schemaRules() {
        let bad = [
            "entity User; namespace NS { entity User; }",
            "type Long = String;",
            "entity __cedar;",
            "type T = U; type U = T;",
            "entity A; action a appliesTo { principal: [A] };",
            "namespace NS { entity A; } namespace NS { entity B; }",
            "entity Action;",
            "entity A in [B];",
            "action a in [b];",
        ]
        for text in bad {
            #expect(throws: SchemaError.self, "\(text)") { try Schema(cedarSchema: text) }
        }
        #expect((try? Schema(cedarSchema: "type A = { a: Long }; entity A;")) != nil)
    }

    @Test("entities serialise to Cedar JSON and parse back to the same store")
    func entitiesRoundTrip() throws {
        let s = try Schema(cedarSchema: schemaText)
        let json = #"""
            [{"uid": {"type": "App::User", "id": "a"}, "attrs": {"name": "A\u0000é", "manager": {"type": "App::User", "id": "b"}, "tags": ["x", "y"]},
              "parents": [{"type": "App::Group", "id": "g"}], "tags": {"t": "x"}},
             {"uid": {"type": "App::Group", "id": "g"}, "attrs": {}, "parents": []}]
            """#
        let es = try Entities(json: json, schema: s)
        let text = es.json.serialized
        let back = try Entities(json: text, schema: s)
        #expect(back.store == es.store)
        let untyped = try Entities(json: text)
        #expect(untyped[EntityUID("App::User", "a")]?.attrs == es[EntityUID("App::User", "a")]?.attrs)
    }

    @Test("datetime values format as literals that parse back to the same instant")
    func datetimeFormatting() {
        for ms: Int64 in [0, -1, 1_709_164_800_123, -62_167_219_200_000, 253_402_300_799_999, -86_400_001] {
            let text = CedarDateTime.formatDatetime(ms)
            #expect(CedarDateTime.parseDatetime(text) == ms, "\(text)")
        }
    }
}
