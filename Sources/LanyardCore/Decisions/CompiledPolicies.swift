import CedarPolicy
import Foundation
import LanyardAPI
import LanyardModel

/// A tenant's policy store, ready for evaluation: the policy set with its scope index, the schema (the tenant's
/// plus Lanyard's), the entity data with its hierarchy closed, and what searches enumerate.
struct CompiledPolicies: Sendable {
    /// The policy-store version compiled.
    let version: Int
    let policies: PolicySet
    /// Annotations by policy id (shown to administrators in explanations).
    let annotations: [String: [String: String]]
    let schema: Schema?
    let entities: Entities
    /// Ids of stored entities by type, sorted (subject and resource search).
    let idsByType: [String: [String]]
    /// Action names searchable by action search, sorted.
    let actionNames: [String]

    /// Compiles a version with the tenant's entity data; the problems found, if any, are thrown as one
    /// `invalid_field` error listing them (use ``check(_:entities:)`` to get them as values).
    static func compile(_ version: PolicyVersion, entities stored: [StoredEntity]) throws -> CompiledPolicies {
        switch check(version, entities: stored) {
        case .success(let compiled): return compiled
        case .failure(let problems): throw problems.error
        }
    }

    /// Parses, checks and compiles; returns every problem found instead of the first.
    static func check(_ version: PolicyVersion, entities stored: [StoredEntity]) -> Result<CompiledPolicies, PolicyProblems> {
        var problems: [PolicyProblem] = []
        func parse(_ text: String, document: String, positionalPrefix: String) -> [Policy] {
            do {
                var parsed = try CedarParser.parsePolicies(text)
                parsed.nameByAnnotatedID(positionalPrefix: positionalPrefix)
                return parsed
            } catch {
                problems.append(PolicyProblem(document: document, policy: nil, message: "\(error)"))
                return []
            }
        }
        let own = parse(version.policies, document: "policies", positionalPrefix: "policy")
        let guardrails = parse(version.guardrails, document: "guardrails", positionalPrefix: "guardrail")
        var seen: Set<String> = []
        for policy in own + guardrails where !seen.insert(policy.id).inserted {
            problems.append(
                PolicyProblem(
                    document: own.contains { $0.id == policy.id } && guardrails.contains { $0.id == policy.id } ? "guardrails" : "policies",
                    policy: policy.id, message: "Two policies have the id '\(policy.id)'; policy ids must be unique across policies and guardrails."))
        }
        var schema: Schema?
        if let text = version.schema, !text.isEmpty {
            if declaresLanyardNamespace(text) {
                problems.append(
                    PolicyProblem(document: "schema", policy: nil, message: "The namespace 'Lanyard' is reserved for Lanyard's own entity types."))
            } else {
                do {
                    let own = try Schema(cedarSchema: text)
                    let taken = Set(own.entityTypes.keys.map(\.value).filter { !$0.contains(":") })
                    schema = try Schema(cedarSchema: text + "\n" + LanyardCedarModel.schema(excluding: taken))
                } catch {
                    problems.append(PolicyProblem(document: "schema", policy: nil, message: "\(error)"))
                }
            }
        }
        if let schema {
            for error in Validator(schema: schema).validate(PolicySet(policies: own)) {
                problems.append(PolicyProblem(document: "policies", policy: error.policyID, message: error.message))
            }
        }
        var entities = Entities()
        do {
            entities = try Entities(json: "[" + stored.map(\.json).joined(separator: ",") + "]", schema: schema)
        } catch {
            problems.append(
                PolicyProblem(document: "entities", policy: nil, message: "The tenant's entity data does not fit: \(error)"))
        }
        var policySet = PolicySet(policies: own + guardrails)
        for link in version.links {
            var values: [SlotID: EntityUID] = [:]
            if let principal = link.principal { values[.principal] = EntityUID(principal.type, principal.id) }
            if let resource = link.resource { values[.resource] = EntityUID(resource.type, resource.id) }
            do {
                try policySet.link(templateID: link.template, newID: link.id, values: values)
            } catch {
                problems.append(PolicyProblem(document: "links", policy: link.id, message: error.message))
            }
        }
        if let schema, !version.links.isEmpty {
            for error in Validator(schema: schema).validate(policySet) where policySet.links.contains(where: { $0.newID == error.policyID }) {
                problems.append(PolicyProblem(document: "links", policy: error.policyID, message: error.message))
            }
        }
        guard problems.isEmpty else { return .failure(PolicyProblems(problems: problems)) }
        var annotations: [String: [String: String]] = [:]
        for policy in policySet.policies {
            var map: [String: String] = [:]
            for (key, value) in policy.annotations { map[key] = value ?? "" }
            annotations[policy.id] = map
        }
        var idsByType: [String: [String]] = [:]
        for uid in entities.store.keys { idsByType[uid.type.value, default: []].append(uid.id.value) }
        for key in idsByType.keys { idsByType[key]?.sort() }
        let actionNames: [String]
        if let schema {
            actionNames = schema.actions.keys.filter { $0.type.value == "Action" }.map(\.id.value).sorted()
        } else {
            actionNames = idsByType["Action"] ?? []
        }
        return .success(
            CompiledPolicies(
                version: version.version, policies: policySet, annotations: annotations, schema: schema,
                entities: entities, idsByType: idsByType, actionNames: actionNames))
    }

    /// Whether a schema text declares `namespace Lanyard` (comments are not stripped: a false alarm in a comment
    /// only asks the author to reword it).
    static func declaresLanyardNamespace(_ text: String) -> Bool {
        text.range(of: #"namespace\s+Lanyard\s*\{"#, options: .regularExpression) != nil
    }
}

/// The problems that stop a policy-store version from taking effect.
struct PolicyProblems: Error, Sendable {
    let problems: [PolicyProblem]

    /// One `invalid_field` error whose message lists every problem (the first few in full).
    var error: LanyardError {
        let field = problems.first?.document ?? "policies"
        let listed = problems.prefix(20).map { problem in
            "\(problem.document)\(problem.policy.map { " [\($0)]" } ?? ""): \(problem.message)"
        }
        let more = problems.count > 20 ? " … and \(problems.count - 20) more." : ""
        return LanyardError(
            .invalidField, "The policy store was not changed; \(problems.count) problem(s): " + listed.joined(separator: "; ") + more,
            field: field)
    }
}
