import Testing
@testable import CedarPolicy

/// Found by scripts/cedar-differential (seed 42): Rust never reports an action entity type
/// (basename `Action`, in any namespace) as an unrecognized entity type in `is`.
@Suite("Validator: `is` with action entity type names")
struct ValidatorActionTypeTests {
    func valid(_ schema: String, _ condition: String) throws -> Bool {
        let s = try Schema(cedarSchema: schema)
        let ps = try PolicySet(text: "permit (principal, action, resource) when { \(condition) };")
        return Validator(schema: s).validate(ps).isEmpty
    }

    @Test("`is Action` / `is Foo::Action` validate; literals of undeclared actions do not")
    func isActionTypes() throws {
        let ns = "namespace App { entity U; action a appliesTo { principal: [U], resource: [U] }; }"
        let plain = "entity U; action a appliesTo { principal: [U], resource: [U] };"
        for s in [ns, plain] {
            #expect(try valid(s, "principal is Action"))
            #expect(try valid(s, "principal is Foo::Action"))
            #expect(try valid(s, "principal is Foo::Bar::Action"))
            #expect(try !valid(s, "principal is Actionx"))
            #expect(try !valid(s, #"principal == Foo::Action::"a""#))
        }
        #expect(try valid(ns, #"principal is Action in App::U::"x""#))
        #expect(try !valid(ns, #"principal == Action::"a""#))
        #expect(try valid(plain, #"principal == Action::"a""#))
        #expect(try !valid(plain, #"principal in App::Action::"a""#))
    }
}
