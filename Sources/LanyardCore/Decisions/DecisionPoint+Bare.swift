import CedarPolicy
import LanyardModel
public import LanyardAPI

extension DecisionPoint {
    /// What a decision cannot do without, and nothing more: the tenant's policy snapshot, the Cedar uids, the typed
    /// context and the authorization. No inventory look-ups (subjects and resources are taken as given), no admin
    /// authorization, no logging.
    ///
    /// Only the benchmark product's ceiling routes (`LanyardCeiling`) call this, to measure how close
    /// ``evaluation(_:tenant:urls:by:)`` comes to it; no route of `lanyard serve` does.
    /// - Throws: `invalid_request` when subject, action or resource is missing or the context does not fit.
    package func bareDecision(_ evaluation: AccessEvaluationRequest, tenant: String) async throws -> BareDecision {
        guard let subject = evaluation.subject, let subjectID = subject.id, let action = evaluation.action,
            let resource = evaluation.resource, let resourceID = resource.id
        else { throw LanyardError(.invalidRequest, "The evaluation needs subject, action and resource with ids.") }
        let snapshot = try await snapshots.snapshot(tenant)
        let actionUID = EntityUID("Action", action.name)
        let context = try self.context(evaluation, action: action, actionUID: actionUID, schema: snapshot.schema)
        let principal = EntityUID(subject.type, subjectID)
        let request = Request(principal: principal, action: actionUID, resource: EntityUID(resource.type, resourceID), context: context)
        let response = Authorizer.isAuthorized(request, policies: snapshot.policies, entities: snapshot.entities)
        return BareDecision(
            allowed: response.decision == .allow, principal: principal.description, policies: response.reason.sorted(), policyVersion: snapshot.version)
    }
}

/// The outcome of ``DecisionPoint/bareDecision(_:tenant:)``.
package struct BareDecision: Sendable {
    package var allowed: Bool
    /// The Cedar principal, as logged.
    package var principal: String
    /// Determining policies.
    package var policies: [String]
    package var policyVersion: Int
}
