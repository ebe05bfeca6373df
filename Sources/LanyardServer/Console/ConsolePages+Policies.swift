import Foundation
import Hummingbird
import LanyardAPI
import LanyardConsoleViews
import LanyardCore
import LanyardModel

extension ConsolePages {
    /// `/policies`: the version history and the validation form (POST `/policies/validate` answers the same page with
    /// the problems); `/policies/{version}`: one version, `?compare=N` for a line diff, and POST
    /// `/policies/{version}/try` answering the same page with the decision. Nothing here changes the policies.
    func registerPolicies(page: Page, action: Action) {
        let dependencies = self.dependencies
        let authorizer = dependencies.authorizer
        let administration = dependencies.decisions.administration

        @Sendable func may(_ action: AdminAction, _ visitor: ConsoleRoutes.Visitor) async -> Bool {
            (try? await authorizer.check(action, caller: visitor.principal, target: .tenant(visitor.session.tenant), facts: [:])) != nil
        }

        @Sendable func policiesPage(
            _ visitor: ConsoleRoutes.Visitor, cursor: String?, candidate: ValidatePoliciesRequest = ValidatePoliciesRequest(),
            validation: PolicyValidation? = nil
        ) async throws -> Response {
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.policyHistory, caller: visitor.principal, target: .tenant(tenant))
            let history = try await administration.history(
                tenant: tenant, page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: cursor), by: visitor.principal)
            let current = try await administration.current(tenant: tenant, by: visitor.principal).version
            let view = PoliciesView(
                versions: history.items, current: current, nextCursor: history.next, canValidate: await may(.policyValidate, visitor),
                candidate: candidate, validation: validation)
            return ConsoleHTTP.page(ConsoleViews.policies(view, chrome: visitor.chrome))
        }

        @Sendable func versionPage(
            _ visitor: ConsoleRoutes.Visitor, number: String, compare: String?, trial: PolicyTrial = PolicyTrial(), result: PolicyTrialResult? = nil
        ) async throws -> Response {
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            try await authorizer.authorize(.policyHistory, caller: principal, target: .tenant(tenant))
            let version = try await administration.version(try Self.versionNumber(number, "version"), tenant: tenant, by: principal)
            let compared =
                try await compare.flatMap { $0.isEmpty ? nil : $0 }.asyncMap {
                    try await administration.version(try Self.versionNumber($0, "compare"), tenant: tenant, by: principal)
                }
            let current = try await administration.current(tenant: tenant, by: principal).version
            let view = PolicyVersionView(
                version: version, current: current, compared: compared, canTry: await may(.policyTest, visitor), trial: trial, trialResult: result)
            return ConsoleHTTP.page(ConsoleViews.policyVersion(view, chrome: visitor.chrome))
        }

        page("/policies") { request, _, visitor in
            try await policiesPage(visitor, cursor: request.uri.queryParameters.get("cursor"))
        }

        action("/policies/validate") { _, _, visitor, form in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.policyValidate, caller: visitor.principal, target: .tenant(tenant))
            func text(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } }
            let candidate = ValidatePoliciesRequest(policies: text("policies"), guardrails: text("guardrails"), schema: text("schema"))
            let validation = try await authorizer.auditingRefusals(.policyValidate, caller: visitor.principal, target: .tenant(tenant)) {
                try await administration.validate(candidate, tenant: tenant, by: visitor.principal)
            }
            return try await policiesPage(visitor, cursor: nil, candidate: candidate, validation: validation)
        }

        page("/policies/:version") { request, context, visitor in
            let number = try context.pathParameter("version", missing: "No policy version in the path.")
            return try await versionPage(visitor, number: number, compare: request.uri.queryParameters.get("compare"))
        }

        action("/policies/:version/try") { _, context, visitor, form in
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            try await authorizer.authorize(.policyTest, caller: principal, target: .tenant(tenant))
            let text = try context.pathParameter("version", missing: "No policy version in the path.")
            let number = try Self.versionNumber(text, "version")
            let trial = PolicyTrial(
                subjectType: form["subject_type"] ?? "", subjectID: form["subject_id"] ?? "", action: form["action"] ?? "",
                resourceType: form["resource_type"] ?? "", resourceID: form["resource_id"] ?? "", context: form["context"] ?? "")
            let result: PolicyTrialResult
            do {
                let body = try Self.testBody(trial, version: number)
                let answer = try await authorizer.auditingRefusals(.policyTest, caller: principal, target: .tenant(tenant)) {
                    try await dependencies.decisions.decisionPoint.test(body, tenant: tenant, urls: dependencies.urls(of: tenant), by: principal)
                }
                result = Self.trialResult(answer)
            } catch let error as LanyardError where error.code == .invalidField || error.code == .invalidRequest {
                result = PolicyTrialResult(allowed: nil, error: error.message)
            }
            return try await versionPage(visitor, number: text, compare: nil, trial: trial, result: result)
        }
    }

    /// A policy version number from the path or the query.
    static func versionNumber(_ text: String, _ field: String) throws -> Int {
        guard text.utf8.count <= 10, let number = Int(text), number >= 0 else {
            throw LanyardError.invalid(field, "A policy version is a whole number, 0 or more.")
        }
        return number
    }

    /// The policy test body of one tried request: `{"version", "cases": [{"name", "request", "expected": true}]}`.
    static func testBody(_ trial: PolicyTrial, version: Int) throws -> String {
        for (name, value) in [
            ("subject_type", trial.subjectType), ("subject_id", trial.subjectID), ("action", trial.action), ("resource_type", trial.resourceType),
            ("resource_id", trial.resourceID),
        ] where value.isEmpty || value.utf8.count > 256 {
            throw LanyardError.invalid(name, "Fill in \(name.replacingOccurrences(of: "_", with: " ")) (at most 256 bytes).")
        }
        var context: JSONValue = .object([:])
        if !trial.context.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let parsed = try? JSONValue.parse(trial.context), case .object = parsed else {
                throw LanyardError.invalid("context", "The context must be a JSON object, such as {\"intent\": \"read tickets\"}.")
            }
            context = parsed
        }
        let request: JSONValue = .object([
            "subject": .object(["type": .string(trial.subjectType), "id": .string(trial.subjectID)]),
            "action": .object(["name": .string(trial.action)]),
            "resource": .object(["type": .string(trial.resourceType), "id": .string(trial.resourceID)]), "context": context,
        ])
        let body: JSONValue = .object([
            "version": .int(Int64(version)),
            "cases": .array([.object(["name": .string("console"), "request": request, "expected": .bool(true)])]),
        ])
        return body.compactText
    }

    /// The first case's answer of a policy test run.
    static func trialResult(_ answer: String) -> PolicyTrialResult {
        guard case .object(let body)? = try? JSONValue.parse(answer), case .array(let results)? = body["results"],
            case .object(let first)? = results.first
        else { return PolicyTrialResult(allowed: nil, error: "The decision point gave no answer.") }
        if case .string(let error)? = first["error"] { return PolicyTrialResult(allowed: nil, error: error) }
        guard case .bool(let allowed)? = first["decision"] else { return PolicyTrialResult(allowed: nil, error: "The decision point gave no decision.") }
        var policies: [String] = []
        if case .array(let ids)? = first["policies"] {
            for case .string(let id) in ids { policies.append(id) }
        }
        var refusal: String?
        if case .string(let text)? = first["refusal"] { refusal = text }
        return PolicyTrialResult(allowed: allowed, policies: policies, refusal: refusal)
    }
}

extension Optional {
    /// The wrapped value mapped by an async function, or nil.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
