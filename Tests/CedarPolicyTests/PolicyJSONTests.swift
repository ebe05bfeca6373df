import Foundation
import Testing
@testable import CedarPolicy

@Suite("JSON policy format (EST)")
struct PolicyJSONTests {
    static let bench = SharedData.path("bench/cedar/workload/small")

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("the benchmark's EST policies equal the same policies parsed from Cedar text")
    func benchEquivalence() throws {
        let fromJSON = try PolicySet(jsonText: read(PolicyJSONTests.bench + "/policies.json") ?? "")
        let fromText = try PolicySet(text: read(PolicyJSONTests.bench + "/policies.cedar") ?? "")
        #expect(fromJSON.policies.count == fromText.policies.count)
        for p in fromText.policies {
            let q = fromJSON.policies.first { $0.id == p.id }
            #expect(q?.conditions == p.conditions, "conditions of \(p.id)")
            #expect(q?.principal == p.principal && q?.action == p.action && q?.resource == p.resource)
            #expect(q?.annotations.map(\.key) == p.annotations.map(\.key))
        }
    }

    @Test("Cedar text to EST and back gives the same policies, templates and links")
    func roundTrip() throws {
        var ps = try PolicySet(
            text: #"""
                @a @b("x")
                permit(principal == ?principal, action in Action::"a", resource is T in ?resource)
                when { -1 == -(principal.x) && principal is User in Group::"g" && "a" like "a*\*b" }
                unless { [1, {a: ip("1.2.3.4")}].contains(1) || context has a.b || principal.hasTag("t") };
                forbid(principal, action in [Action::"x", Action::"y"], resource) when { if true then 1 > 0 else [].isEmpty() };
                """#)
        try ps.link(
            templateID: "policy0", newID: "l0",
            values: [.principal: EntityUID("User", "u"), .resource: EntityUID("T", "r")])
        let json = ps.json.serialized
        let back = try PolicySet(jsonText: json)
        #expect(back.json == ps.json)
        #expect(back.templates["policy0"] == ps.templates["policy0"])
        #expect(back.policies.map(\.id).sorted() == ["l0", "policy1"])
    }

    @Test("EST pattern literals and Value escapes decode")
    func estDetails() throws {
        let p = try Policy(
            json: try JSONParser.parse(
                #"""
                {"effect": "permit", "principal": {"op": "All"}, "action": {"op": "All"}, "resource": {"op": "All"},
                 "conditions": [{"kind": "when", "body": {"&&": {
                    "left": {"like": {"left": {"Value": "a*b"}, "pattern": [{"Literal": "a*"}, "Wildcard"]}},
                    "right": {"==": {"left": {"Value": {"__entity": {"type": "U", "id": "x"}}}, "right": {"Var": "principal"}}}}}}]}
                """#), id: "p")
        let req = Request(principal: EntityUID("U", "x"), action: EntityUID("Action", "a"), resource: EntityUID("R", "r"))
        #expect(try Evaluator(request: req, entities: Entities()).isSatisfied(p))
    }
}
