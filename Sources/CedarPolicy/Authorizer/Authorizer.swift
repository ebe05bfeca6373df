/// Cedar authorization: default deny, forbid overrides permit, erroring policies are skipped.
public enum Authorizer {
    /// Authorizes a request against a policy set and entity store.
    public static func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        let scope = RequestScope(request: request, entities: entities)
        var permits: Set<String> = []
        var forbids: Set<String> = []
        var errors: [PolicyError] = []
        let all = policies.compiled
        policies.forEachCandidate(scope) { i, scopeMatches in
            let policy = all[i]
            guard scopeMatches || policy.scopeMatches(scope) else { return }
            do throws(EvaluationError) {
                if try policy.conditionsHold(scope) {
                    if policy.effect == .permit { permits.insert(policy.id) } else { forbids.insert(policy.id) }
                }
            } catch {
                errors.append(PolicyError(policyID: policy.id, error: error))
            }
        }
        if !forbids.isEmpty { return Response(decision: .deny, reason: forbids, errors: errors) }
        if !permits.isEmpty { return Response(decision: .allow, reason: permits, errors: errors) }
        return Response(decision: .deny, reason: [], errors: errors)
    }
}
