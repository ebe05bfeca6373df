import Testing
@testable import CedarPolicy

/// A small deterministic random generator (SplitMix64) for reproducible mutation tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Hostile input")
struct RobustnessTests {
    static let seedPolicy = #"""
        @id("x") permit(principal in Group::"g", action in [Action::"a"], resource is Doc in Folder::"f")
        when { principal.age + 1 > 2 && context has a.b && "x" like "a*\*" && [1, {k: ip("1.2.3.4")}].contains(1) }
        unless { if principal.hasTag("t") then principal.getTag("t") == decimal("1.0") else datetime("2024-01-01") < datetime("2024-01-02") };
        """#

    static let schemaText = """
        entity Group; entity Folder; entity User in [Group] = { age: Long } tags decimal;
        entity Doc in [Folder];
        action a appliesTo { principal: User, resource: Doc, context: { a?: { b: Long } } };
        """

    @Test("random mutations of policy text never crash the parser, evaluator, validator or formatter")
    func mutatedPolicies() throws {
        var rng = SplitMix(state: 42)
        let alphabet = Array(#"()[]{},;.:"\*!-+<>=&|@?aZ_09 "#.unicodeScalars) + ["\u{0}", "\u{E9}", "\n"]
        let schema = try Schema(cedarSchema: RobustnessTests.schemaText)
        let validator = Validator(schema: schema)
        let request = Request(principal: EntityUID("User", "u"), action: EntityUID("Action", "a"), resource: EntityUID("Doc", "d"))
        var parsed = 0
        for _ in 0..<1500 {
            var scalars = Array(RobustnessTests.seedPolicy.unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.remove(at: i)
                case 1: scalars.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: i)
                default: scalars[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            guard let set = try? PolicySet(text: text) else { continue }
            parsed += 1
            _ = Authorizer.isAuthorized(request, policies: set, entities: Entities())
            _ = validator.validate(set)
            let again = try? PolicySet(text: PolicyFormatter.format(set))
            #expect(again?.policies.map(\.conditions) == set.policies.map(\.conditions))
            _ = set.json.serialized
        }
        #expect(parsed > 0)
    }

    @Test("random mutations of schema and entity JSON never crash")
    func mutatedData() {
        var rng = SplitMix(state: 7)
        let json = #"[{"uid": {"type": "User", "id": "u"}, "attrs": {"age": 1}, "parents": [{"type": "Group", "id": "g"}], "tags": {"t": "1.5"}}]"#
        let schema = try? Schema(cedarSchema: RobustnessTests.schemaText)
        let alphabet = Array(#"{}[]:,"\0123456789aeu{}<>?;=@ "#.unicodeScalars)
        for round in 0..<1500 {
            let base = round % 2 == 0 ? json : RobustnessTests.schemaText
            var scalars = Array(base.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<scalars.count, using: &rng)
                if Bool.random(using: &rng) {
                    scalars.remove(at: i)
                } else {
                    scalars.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: i)
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            if round % 2 == 0 {
                _ = try? Entities(json: text, schema: schema)
                _ = try? Entities(json: text)
            } else {
                _ = try? Schema(cedarSchema: text)
            }
        }
    }

    @Test("deeply nested JSON, schema types and EST fail with errors")
    func deepData() {
        let deepJSON = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: EntityJSONError.self) { try Entities(json: deepJSON) }
        let deepType = "entity A = { a: " + String(repeating: "Set<", count: 5000) + "Long" + String(repeating: ">", count: 5000) + " };"
        #expect(throws: SchemaError.self) { try Schema(cedarSchema: deepType) }
        let deepEST = String(repeating: #"{"!": {"arg": "#, count: 3000) + #"{"Value": true}"# + String(repeating: "}}", count: 3000)
        #expect(throws: ParseError.self) { try ExprJSON.fromJSON(try JSONParser.parse(deepEST)) }
    }

    @Test("huge integer literals and long strings are handled without crashing")
    func hugeLiterals() {
        #expect(run(String(repeating: "9", count: 10_000) + " == 1") == .parseError)
        let long = String(repeating: "ab", count: 50_000)
        #expect(run("\"\(long)\" like \"*b*a*b\"") == .value(.bool(true)))
    }
}
