/// Cedar authorization: default deny, forbid overrides permit, erroring policies are skipped.
public enum Authorizer {
    /// Authorizes a request against a policy set and entity store.
    public static func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        var permits: Set<String> = []
        var forbids: Set<String> = []
        var errors: [PolicyError] = []
        let all = policies.policies
        for i in policies.candidates(for: request, entities: entities) {
            let p = all[i]
            do {
                if try evaluator.isSatisfied(p) {
                    if p.effect == .permit { permits.insert(p.id) } else { forbids.insert(p.id) }
                }
            } catch {
                errors.append(PolicyError(policyID: p.id, error: error))
            }
        }
        if !forbids.isEmpty { return Response(decision: .deny, reason: forbids, errors: errors) }
        if !permits.isEmpty { return Response(decision: .allow, reason: permits, errors: errors) }
        return Response(decision: .deny, reason: [], errors: errors)
    }
}
