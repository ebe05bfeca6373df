import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

extension DecisionPoint {
    /// Runs test cases against the tenant's entity data and inventory with candidate documents (each absent one
    /// taken from the version in force), changing nothing. The body is
    /// `{"policies"?, "guardrails"?, "schema"?, "cases": [{"name", "request": <AuthZEN evaluation>, "expected": bool}]}`;
    /// the answer is `{"passed", "failed", "results": [{"name", "expected", "decision", "policies", "passed", "error"?}]}`.
    /// One audit event records the run.
    public func test(_ text: String, tenant: String, urls: IssuerURLs, by principal: Principal) async throws -> String {
        try AdminRoles.require(.policyTest, principal, tenant: tenant)
        let body = try JSONBody.object(text)
        guard case .array(let cases)? = body["cases"] else {
            throw LanyardError(.invalidRequest, "The request needs 'cases': an array of {name, request, expected}.", field: "cases")
        }
        guard cases.count <= 10_000 else { throw LanyardError(.invalidRequest, "At most 10,000 cases are accepted.", field: "cases") }
        func document(_ key: String) throws -> String? {
            switch body[key] {
            case nil: return nil
            case .string(let value)?: return value
            default: throw LanyardError(.invalidRequest, "'\(key)' must be a string of Cedar text.", field: key)
            }
        }
        let (current, entities) = try await store.read { session in
            (try await PolicyAdministration.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
        }
        var candidate = current
        if let policies = try document("policies") { candidate.policies = policies }
        if let guardrails = try document("guardrails") { candidate.guardrails = guardrails }
        if let schema = try document("schema") { candidate.schema = schema.isEmpty ? nil : schema }
        try PolicyAdministration.checkSizes(candidate)
        let snapshot = try CompiledPolicies.compile(candidate, entities: entities)
        var results: [JSONValue] = []
        var passed = 0
        for (index, item) in cases.enumerated() {
            let name: String
            if case .string(let given)? = item["name"] { name = given } else { name = "case \(index)" }
            guard case .bool(let expected)? = item["expected"], let request = item["request"] else {
                throw LanyardError(.invalidRequest, "cases[\(index)] needs 'request' and a boolean 'expected'.", field: "cases[\(index)]")
            }
            var fields: JSONObject = ["name": .string(name), "expected": .bool(expected)]
            do {
                let evaluation = try AccessEvaluationRequest(json: request).complete()
                let outcome = try await decide(evaluation, snapshot: snapshot, tenant: tenant, urls: urls, strict: true)
                let ok = outcome.allowed == expected
                if ok { passed += 1 }
                fields["decision"] = .bool(outcome.allowed)
                fields["policies"] = .array(outcome.policies.map(JSONValue.string))
                fields["passed"] = .bool(ok)
                if let refusal = outcome.refusal { fields["refusal"] = .string(refusal) }
            } catch let error as LanyardError {
                fields["passed"] = .bool(false)
                fields["error"] = .string(error.message)
            }
            results.append(.object(fields))
        }
        let now = clock.now()
        let passedCount = passed
        try await store.write { session in
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .policyTest, target: "policy_store:\(tenant)",
                    details: ["cases": String(cases.count), "passed": String(passedCount), "basedOnVersion": String(current.version)]),
                in: session)
        }
        let answer: JSONObject = ["passed": .int(Int64(passed)), "failed": .int(Int64(cases.count - passed)), "results": .array(results)]
        return JSONValue.object(answer).compactText
    }
}
