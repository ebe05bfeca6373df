import Foundation

/// Timing of the authorization pipeline on a test file (used by `cedar-tool bench`).
public enum Benchmark {
    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Loads a test file, then times request construction (schema-typed context, request
    /// validation) plus authorization, and authorization alone, over `rounds` passes.
    public static func run(root: String, file: String, rounds: Int) -> String {
        let runner = IntegrationTestRunner(root: root)
        do {
            guard let data = FileManager.default.contents(atPath: file) else { return "error: cannot read \(file)" }
            let test = try JSONParser.parse(String(decoding: data, as: UTF8.self))
            guard let pp = test["policies"]?.stringValue, let ep = test["entities"]?.stringValue,
                let sp = test["schema"]?.stringValue, case .array(let reqs)? = test["requests"]
            else {
                return "error: not a test file"
            }
            var t = now()
            let schema = try Schema(cedarSchema: try runner.read(sp))
            let tSchema = now() - t
            t = now()
            let policies = try PolicySet(text: try runner.read(pp))
            let tPolicies = now() - t
            t = now()
            let entities = try Entities(json: try runner.read(ep), schema: schema)
            let tEntities = now() - t
            t = now()
            let verrs = Validator(schema: schema).validate(policies)
            let tValidate = now() - t
            var built: [Request] = []
            var full = 0.0, authOnly = 0.0
            for _ in 0..<max(rounds, 1) {
                built.removeAll(keepingCapacity: true)
                t = now()
                for r in reqs {
                    guard let pj = r["principal"], let aj = r["action"], let rj = r["resource"] else { continue }
                    let a = try ValueDecoder.entityUID(aj)
                    let ctx = try ContextJSON.parse(r["context"] ?? .object([]), schema: schema, action: a)
                    let req = Request(
                        principal: try ValueDecoder.entityUID(pj), action: a,
                        resource: try ValueDecoder.entityUID(rj), context: ctx)
                    _ = RequestValidator.validate(req, schema: schema)
                    _ = Authorizer.isAuthorized(req, policies: policies, entities: entities)
                    built.append(req)
                }
                full += now() - t
                t = now()
                for req in built { _ = Authorizer.isAuthorized(req, policies: policies, entities: entities) }
                authOnly += now() - t
            }
            let n = Double(max(built.count, 1) * max(rounds, 1))
            func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1000) }
            func us(_ x: Double) -> String { String(format: "%.2f µs", x / n * 1_000_000) }
            return """
                setup: schema \(ms(tSchema)), policies \(ms(tPolicies)) (\(policies.policies.count)), entities \(ms(tEntities)) (\(entities.store.count)), validation \(ms(tValidate)) (\(verrs.count) errors)
                per decision (context + request validation + authorize): \(us(full)) → \(Int(n / max(full, 1e-9))) decisions/s
                per decision (authorize only): \(us(authOnly)) → \(Int(n / max(authOnly, 1e-9))) decisions/s
                """
        } catch {
            return "error: \(error)"
        }
    }
}
