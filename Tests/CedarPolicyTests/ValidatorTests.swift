import Testing
@testable import CedarPolicy

@Suite("Strict validator")
struct ValidatorTests {
    let schema: Schema? = try? Schema(
        cedarSchema: """
            entity Group;
            entity User in [Group] = { age: Long, nick?: String } tags Long;
            entity Doc = { owner: User, size: Long };
            action view appliesTo { principal: [User], resource: [Doc], context: { ip: ipaddr } };
            """)

    func errors(_ text: String) throws -> [ValidationError] {
        guard let schema else { return [ValidationError(policyID: "", code: "schema", message: "schema failed")] }
        return Validator(schema: schema).validate(try PolicySet(text: text))
    }

    func rejects(_ text: String) throws -> Bool { !(try errors(text)).isEmpty }

    @Test("well-typed policies validate")
    func accepts() throws {
        #expect(
            try !rejects(
                """
                permit(principal in Group::"g", action == Action::"view", resource)
                when { resource.owner == principal && principal.age > 18 && context.ip.isInRange(ip("10.0.0.0/8")) };
                """))
        #expect(try !rejects(#"permit(principal, action, resource) when { principal has nick && principal.nick like "a*" };"#))
        #expect(try !rejects(#"permit(principal, action, resource) when { principal.hasTag("k") && principal.getTag("k") > 1 };"#))
    }

    @Test("optional attributes need a has guard")
    func optionalAttributes() throws {
        #expect(try rejects(#"permit(principal, action, resource) when { principal.nick == "x" };"#))
    }

    @Test("tags need a hasTag guard")
    func tagGuard() throws {
        #expect(try rejects(#"permit(principal, action, resource) when { principal.getTag("k") > 1 };"#))
    }

    @Test("unknown entity types, unknown actions and impossible scopes are rejected")
    func unknownNames() throws {
        #expect(try rejects(#"permit(principal == Nobody::"x", action, resource);"#))
        #expect(try rejects(#"permit(principal, action == Action::"nope", resource);"#))
        #expect(try rejects(#"permit(principal is Doc, action, resource);"#))
    }

    @Test("type errors, heterogeneous sets, empty sets and non-literal extension constructors are rejected")
    func typeErrors() throws {
        #expect(try rejects(#"permit(principal, action, resource) when { principal.age + "a" == 1 };"#))
        #expect(try rejects(#"permit(principal, action, resource) when { [1, "a"].contains(1) };"#))
        #expect(try rejects(#"permit(principal, action, resource) when { [].isEmpty() };"#))
        #expect(try rejects(#"permit(principal, action, resource) when { decimal("1") == decimal("1.0") };"#))
    }

    @Test("code after a false conjunct is not typechecked")
    func shortCircuitTyping() throws {
        #expect(try !rejects(#"permit(principal, action, resource) when { false && (1 + "a" == 2) };"#))
    }

    @Test("records differing only in whether an attribute is optional have no strict upper bound")
    func optionalnessLub() throws {
        guard
            let s = try? Schema(
                cedarSchema: """
                    entity U = { a: { x?: Long }, b: { x: Long } };
                    action act appliesTo { principal: U, resource: U };
                    """)
        else {
            Issue.record("schema failed to parse")
            return
        }
        let bad = try PolicySet(text: "permit(principal, action, resource) when { [principal.a, principal.b].isEmpty() };")
        #expect(!Validator(schema: s).validate(bad).isEmpty)
        let ok = try PolicySet(text: "permit(principal, action, resource) when { [principal.b, {x: 1}].isEmpty() };")
        #expect(Validator(schema: s).validate(ok).isEmpty)
    }
}
