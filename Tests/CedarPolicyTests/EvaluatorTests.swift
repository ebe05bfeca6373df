import Testing
@testable import CedarPolicy

@Suite("Evaluator semantics")
struct EvaluatorTests {
    @Test("64-bit overflow is an evaluation error, never a trap")
    func overflow() {
        #expect(run("9223372036854775807 + 1") == .evalError)
        #expect(run("-9223372036854775808 - 1") == .evalError)
        #expect(run("9223372036854775807 * 2") == .evalError)
        #expect(run("-(-9223372036854775808)") == .evalError)
        #expect(run("9223372036854775806 + 1") == .value(.long(Int64.max)))
    }

    @Test("&&, || and if-then-else short-circuit left to right")
    func shortCircuit() {
        #expect(run(#"false && (1 + "a" == 2)"#) == .value(.bool(false)))
        #expect(run(#"true || (1 + "a" == 2)"#) == .value(.bool(true)))
        #expect(run(#"if true then 1 else (1 + "a")"#) == .value(.long(1)))
        #expect(run("if 1 then true else false") == .evalError)
        #expect(run("true && 1") == .evalError)
    }

    @Test("equality never errors and compares sets, records and extension values by value")
    func equality() {
        #expect(run(#"1 == "1""#) == .value(.bool(false)))
        #expect(run("[1, 2, 2] == [2, 1]") == .value(.bool(true)))
        #expect(run("{a: 1, b: [2]} == {b: [2], a: 1}") == .value(.bool(true)))
        #expect(run(#"decimal("1.0") == decimal("1.00")"#) == .value(.bool(true)))
    }

    @Test("strings compare by Unicode scalars without normalisation")
    func unicodeScalars() {
        #expect(run(#""é" == "e\u{301}""#) == .value(.bool(false)))
        #expect(run(#""é" like "e*""#) == .value(.bool(false)))
        #expect(run(#"{"é": 1} has "e\u{301}""#) == .value(.bool(false)))
        #expect(CedarString("é") != CedarString("e\u{301}"))
        let set: Set<CedarString> = [CedarString("é"), CedarString("e\u{301}")]
        #expect(set.count == 2)
    }

    @Test("ordering works on Long, datetime and duration but not on strings or decimals")
    func ordering() {
        #expect(run(#""a" < "b""#) == .evalError)
        #expect(run(#"decimal("1.0") < decimal("2.0")"#) == .evalError)
        #expect(run(#"datetime("2024-01-01") < datetime("2024-01-02")"#) == .value(.bool(true)))
        #expect(run(#"duration("1h") > duration("59m")"#) == .value(.bool(true)))
    }

    @Test("like: * is the only wildcard, \\* is a literal star, ? is literal")
    func likePatterns() {
        #expect(run(#""abc" like "a*c""#) == .value(.bool(true)))
        #expect(run(#""a*c" like "a\*c""#) == .value(.bool(true)))
        #expect(run(#""abc" like "a\*c""#) == .value(.bool(false)))
        #expect(run(#""abc" like "a?c""#) == .value(.bool(false)))
        #expect(run(#""a?c" like "a?c""#) == .value(.bool(true)))
        #expect(run(#""\u{1F600}x" like "*x""#) == .value(.bool(true)))
    }

    @Test("a pathological like pattern finishes quickly")
    func likeIsPolynomial() {
        let text = String(repeating: "a", count: 5000) + "b"
        let pattern = String(repeating: "*a", count: 200) + "*c"
        #expect(run("\"\(text)\" like \"\(pattern)\"") == .value(.bool(false)))
    }

    @Test("has on a missing entity is false; reading its attribute is an error")
    func missingEntity() {
        #expect(run(#"User::"bob" has name"#) == .value(.bool(false)))
        #expect(run(#"User::"bob".name"#) == .evalError)
    }

    @Test("in is reflexive and transitive and accepts a set on the right")
    func inOperator() {
        let entities = Entities([
            Entity(uid: EntityUID("User", "a"), parents: [EntityUID("Group", "g1")]),
            Entity(uid: EntityUID("Group", "g1"), parents: [EntityUID("Group", "g2")]),
        ])
        #expect(isTrue(#"User::"a" in Group::"g2""#, entities: entities))
        #expect(isTrue(#"User::"a" in User::"a""#, entities: entities))
        #expect(isTrue(#"User::"a" in [Group::"x", Group::"g1"]"#, entities: entities))
        #expect(isTrue(#"User::"zz" in User::"zz""#))
        #expect(run(#"1 in [1]"#) == .evalError)
    }

    @Test("getTag on a missing tag is an error; hasTag is false")
    func tags() {
        let entities = Entities([Entity(uid: EntityUID("User", "a"), tags: ["k": .long(1)])])
        #expect(run(#"User::"a".getTag("k")"#, entities: entities) == .value(.long(1)))
        #expect(run(#"User::"a".getTag("x")"#, entities: entities) == .evalError)
        #expect(run(#"User::"a".hasTag("x")"#, entities: entities) == .value(.bool(false)))
    }

    @Test("sets may be heterogeneous at run time")
    func heterogeneousSets() {
        #expect(run(#"[1, "a"].contains("a")"#) == .value(.bool(true)))
        #expect(run("[1, 2].containsAll([1])") == .value(.bool(true)))
        #expect(run("[1, 2].containsAny([3])") == .value(.bool(false)))
        #expect(run("[].isEmpty()") == .value(.bool(true)))
    }

    @Test("is takes a qualified type name")
    func isOperator() {
        #expect(run(#"NS::User::"a" is NS::User"#) == .value(.bool(true)))
        #expect(run(#"NS::User::"a" is User"#) == .value(.bool(false)))
        #expect(run(#""a" is User"#) == .evalError)
    }
}
