@testable import CedarPolicy

/// Outcome of evaluating an expression in tests.
enum Outcome: Equatable {
    case value(Value)
    case evalError
    case parseError
}

let testRequest = Request(
    principal: EntityUID("User", "alice"), action: EntityUID("Action", "view"),
    resource: EntityUID("Photo", "p"))

/// Parses and evaluates an expression against an optional entity store.
func run(_ text: String, entities: Entities = Entities(), request: Request = testRequest) -> Outcome {
    guard let e = try? CedarParser.parseExpression(text) else { return .parseError }
    do {
        return .value(try Evaluator(request: request, entities: entities).evaluate(e))
    } catch {
        return .evalError
    }
}

func isTrue(_ text: String, entities: Entities = Entities()) -> Bool {
    run(text, entities: entities) == .value(.bool(true))
}

func parseError(_ text: String) -> ParseError? {
    do {
        _ = try CedarParser.parsePolicies(text)
        return nil
    } catch {
        return error
    }
}
