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

/// The reason (satisfied forbids, else satisfied permits) and the erroring policies of evaluating every policy, scope
/// included, without the authorizer's index.
func fullScan(_ request: Request, policies: PolicySet, entities: Entities) -> (reason: Set<String>, errors: Set<String>) {
    let ev = Evaluator(request: request, entities: entities)
    var permits: Set<String> = [], forbids: Set<String> = [], errors: Set<String> = []
    for p in policies.policies {
        do {
            if try ev.isSatisfied(p) {
                if p.effect == .permit { permits.insert(p.id) } else { forbids.insert(p.id) }
            }
        } catch { errors.insert(p.id) }
    }
    return (forbids.isEmpty ? permits : forbids, errors)
}
