import Testing
@testable import CedarPolicy

@Suite("Policy parser")
struct ParserTests {
    @Test("policies get positional ids policy0, policy1 regardless of @id annotations")
    func positionalIDs() throws {
        let ps = try CedarParser.parsePolicies(
            """
            @id("first") permit(principal, action, resource);
            forbid(principal, action, resource) when { true };
            """)
        #expect(ps.map(\.id) == ["policy0", "policy1"])
        #expect(ps[0].annotations.first?.value == "first")
    }

    @Test("a parse error reports line and column and a help sentence")
    func errorLocation() {
        let e = parseError("permit(principal, action, resource)\nwhen { 1 + };")
        #expect(e?.line == 2)
        #expect(e?.column == 12)
        #expect(e?.help.isEmpty == false)
    }

    @Test("a duplicate annotation key is a parse error")
    func duplicateAnnotation() {
        #expect(parseError(#"@id("a") @id("b") permit(principal, action, resource);"#)?.code == .duplicateAnnotation)
        #expect(parseError(#"@flag @other("x") permit(principal, action, resource);"#) == nil)
    }

    @Test("relational operators do not chain")
    func noChaining() {
        #expect(run("1 < 2 < 3") == .parseError)
        #expect(run("{a: 1} has a == false") == .parseError)
        #expect(run("(1 < 2) == true") == .value(.bool(true)))
    }

    @Test("at most four repeated unary operators, and they cannot be mixed")
    func unaryLimit() {
        #expect(run("!!!!true") == .value(.bool(true)))
        #expect(run("!!!!!true") == .parseError)
        #expect(run("!-1") == .parseError)
    }

    @Test("the literal -9223372036854775808 is legal but 9223372036854775808 is not")
    func integerLiterals() {
        #expect(run("-9223372036854775808") == .value(.long(Int64.min)))
        #expect(run("9223372036854775808 == 1") == .parseError)
    }

    @Test("principal in a list is illegal in the scope; action takes a list")
    func scopeLists() {
        #expect(parseError(#"permit(principal in [User::"a"], action, resource);"#) != nil)
        #expect(parseError(#"permit(principal, action in [Action::"a", Action::"b"], resource);"#) == nil)
    }

    @Test("only ?principal and ?resource slots exist, and only in the scope")
    func slots() throws {
        #expect(parseError("permit(principal, action == ?action, resource);") != nil)
        #expect(parseError("permit(principal == ?resource, action, resource);") != nil)
        #expect(parseError("permit(principal, action, resource) when { principal == ?principal };") != nil)
        let ps = try CedarParser.parsePolicies("permit(principal == ?principal, action, resource in ?resource);")
        #expect(ps[0].isTemplate)
    }

    @Test("keywords need index syntax as attribute names")
    func keywordAttributes() {
        #expect(run("principal.if") == .parseError)
        #expect(run(#"{"if": 1}["if"] == 1"#) == .value(.bool(true)))
    }

    @Test("a record literal with a duplicate key is a parse error")
    func duplicateRecordKey() {
        #expect(run("{a: 1, a: 2}") == .parseError)
    }

    @Test("unknown functions and methods are parse errors")
    func unknownFunctions() {
        #expect(run(#"foo("x")"#) == .parseError)
        #expect(run("[1].frobnicate()") == .parseError)
        #expect(run("[1].contains(1, 2)") == .parseError)
    }

    @Test("deeply nested input fails with an error instead of crashing")
    func deepNesting() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(run(deep) == .parseError)
        let chain = (0..<100_000).map { _ in "1" }.joined(separator: " + ")
        #expect(run(chain) == .parseError)
        let negs = String(repeating: "[", count: 50_000)
        #expect(run(negs) == .parseError)
    }

    @Test("trailing commas are accepted in sets, records and the scope")
    func trailingCommas() {
        #expect(run("[1, 2,] == [1, 2]") == .value(.bool(true)))
        #expect(run("{a: 1,} == {a: 1}") == .value(.bool(true)))
        #expect(parseError("permit(principal, action, resource,);") == nil)
    }

    @Test("extended has desugars to a chain of has checks")
    func extendedHas() {
        #expect(run("{a: {b: 1}} has a.b") == .value(.bool(true)))
        #expect(run("{a: {b: 1}} has a.c") == .value(.bool(false)))
        #expect(run("{a: 1} has a.b") == .evalError)
    }
}
