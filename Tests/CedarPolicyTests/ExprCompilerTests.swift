import Testing

@testable import CedarPolicy

@Suite("Compiled expressions keep the evaluator's semantics")
struct ExprCompilerTests {
    private func nested(_ depth: Int) -> Expr {
        var e = Expr.lit(.bool(true))
        for _ in 0..<depth { e = .not(e) }
        return e
    }

    private func evaluate(_ e: Expr, entities: Entities = Entities()) -> Result<Value, EvaluationError> {
        Result { () throws(EvaluationError) in try Evaluator(request: testRequest, entities: entities).evaluate(e) }
    }

    @Test("nesting beyond the limit fails with recursion_limit where it is reached, and only there")
    func depthLimit() throws {
        #expect(try evaluate(nested(Evaluator.maxDepth)).get() == .bool(true))
        #expect(throws: EvaluationError.recursionLimit) { try evaluate(nested(Evaluator.maxDepth + 1)).get() }
        // Short-circuiting never reaches the deep operand.
        #expect(try evaluate(.and(.lit(.bool(false)), nested(Evaluator.maxDepth + 5))).get() == .bool(false))
    }

    @Test("an extension literal that does not parse is an error only when it is evaluated")
    func constructorLiterals() {
        #expect(run(#"false && ip("nope").isIpv4()"#) == .value(.bool(false)))
        #expect(run(#"ip("nope").isIpv4()"#) == .evalError)
        #expect(run(#"ip("10.0.0.1").isInRange(ip("10.0.0.0/8"))"#) == .value(.bool(true)))
        #expect(run(#"decimal("1.5").lessThan(decimal("abc"))"#) == .evalError)
    }

    @Test("a call evaluates its arguments before it checks the function's name and arity")
    func callErrors() {
        let overflow = Expr.binary(.add, .lit(.long(Int64.max)), .lit(.long(1)))
        #expect(evaluate(.call("nosuch", [overflow])).errorCode == .overflow)
        #expect(evaluate(.call("nosuch", [.lit(.long(1))])).errorCode == .unknownFunction)
        #expect(evaluate(.call("isIpv4", [])).errorCode == .wrongArity)
        #expect(evaluate(.call("isInRange", [.lit(.long(1))])).errorCode == .wrongArity)
        #expect(evaluate(.call("ip", [.lit(.string("1.2.3.4")), .lit(.string("x"))])).errorCode == .wrongArity)
    }

    @Test("the request's own entities: attributes, has, in, and a missing entity")
    func requestEntities() {
        let entities = Entities([
            Entity(uid: testRequest.principal, attrs: ["age": .long(30)], parents: [EntityUID("Group", "g")]),
            Entity(uid: EntityUID("Group", "g"), parents: [EntityUID("Group", "all")]),
        ])
        #expect(run("principal.age", entities: entities) == .value(.long(30)))
        #expect(run("principal has age", entities: entities) == .value(.bool(true)))
        #expect(run("principal has name", entities: entities) == .value(.bool(false)))
        #expect(run("principal.name", entities: entities) == .evalError)
        #expect(run(#"principal in Group::"all""#, entities: entities) == .value(.bool(true)))
        #expect(run(#"principal in User::"alice""#, entities: entities) == .value(.bool(true)))
        #expect(run(#"principal in Group::"other""#, entities: entities) == .value(.bool(false)))
        // The resource is not in the store: `has` is false, reading an attribute is an error, `in` is equality.
        #expect(run("resource has age", entities: entities) == .value(.bool(false)))
        #expect(run("resource.age", entities: entities) == .evalError)
        #expect(run(#"resource in Photo::"p""#, entities: entities) == .value(.bool(true)))
        #expect(run(#"resource in Group::"g""#, entities: entities) == .value(.bool(false)))
    }
}

extension Result where Failure == EvaluationError {
    fileprivate var errorCode: EvaluationError.Code? {
        if case .failure(let e) = self { return e.code }
        return nil
    }
}
