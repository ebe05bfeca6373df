import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

extension DecisionPoint {
    /// Runs test cases against the tenant's entity data and inventory with candidate documents (each absent one
    /// taken from the version in force, or from `version` when the body names one), changing nothing. The body is
    /// `{"version"?, "policies"?, "guardrails"?, "schema"?, "cases": [{"name", "request": <AuthZEN evaluation>, "expected": bool}]}`;
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
        var number: Int?
        switch body["version"] {
        case nil: break
        case .number(let value)? where value.int64.map { $0 >= 0 && $0 <= Int64(Int32.max) } == true:
            number = value.int64.map { Int($0) }
        default: throw LanyardError(.invalidRequest, "'version' must be a policy version number (0 or more).", field: "version")
        }
        let chosen = number
        let (base, entities) = try await store.read { session in
            let base: PolicyVersion?
            switch chosen {
            case nil: base = try await PolicyAdministration.latest(tenant: tenant, in: session)
            case 0?:
                try await PolicyAdministration.requireTenant(tenant, in: session)
                base = PolicyAdministration.initial(tenant: tenant)
            case let chosen?:
                try await PolicyAdministration.requireTenant(tenant, in: session)
                base = try await session.policyVersion(tenant: tenant, version: chosen)
            }
            return (base, try await session.policyEntities(tenant: tenant))
        }
        guard let current = base else { throw LanyardError(.notFound, "Tenant '\(tenant)' has no policy version \(chosen ?? 0).") }
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
