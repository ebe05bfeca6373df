/// Index of policies by scope, so requests skip policies whose scope cannot match.
///
/// Each policy is filed in exactly one bucket, chosen from the first selective constraint
/// among: principal (`==`/`in`/`is … in` target entity, else `is` type), resource (same), action
/// (`==` target or `in` targets). Policies with no selective constraint go to a wildcard list.
/// Candidates for a request are the buckets keyed by the request's principal, resource and
/// action (each with its ancestors and type) plus the wildcard list; every candidate's scope is
/// then checked exactly by the evaluator, so results equal those of a full scan. Skipped
/// policies are exactly those whose scope is false, and scope evaluation never errors, so the
/// `errors` set is unaffected.
struct PolicyIndex: Sendable {
    enum Slot: Hashable, Sendable { case principal, resource, action }

    private var byEntity: [Slot: [EntityUID: [Int]]] = [:]
    private var byType: [Slot: [EntityTypeName: [Int]]] = [:]
    private var wildcard: [Int] = []

    private mutating func file(_ slot: Slot, entity: EntityUID, _ i: Int) {
        byEntity[slot, default: [:]][entity, default: []].append(i)
    }

    /// Files a policy under a principal/resource constraint; returns false if it is not selective.
    private mutating func fileScope(_ slot: Slot, _ c: ScopeConstraint, _ i: Int) -> Bool {
        switch c {
        case .eq(.entity(let e)), .in(.entity(let e)), .isTypeIn(_, .entity(let e)):
            file(slot, entity: e, i)
            return true
        case .isType(let t):
            byType[slot, default: [:]][t, default: []].append(i)
            return true
        default:
            return false
        }
    }

    mutating func insert(_ p: Policy, at i: Int) {
        if fileScope(.principal, p.principal, i) { return }
        if fileScope(.resource, p.resource, i) { return }
        switch p.action {
        case .eq(let e), .inEntity(let e):
            file(.action, entity: e, i)
        case .in(let es) where !es.isEmpty:
            // A policy with several action targets is filed under each; duplicates are removed.
            for e in Set(es) { file(.action, entity: e, i) }
        case .in:
            // `action in []` can never match.
            break
        default:
            wildcard.append(i)
        }
    }

    private func collect(_ slot: Slot, _ uid: EntityUID, _ entities: Entities, into result: inout [Int]) {
        if let m = byEntity[slot] {
            if let l = m[uid] { result.append(contentsOf: l) }
            if let anc = entities[uid]?.ancestors {
                for a in anc { if let l = m[a] { result.append(contentsOf: l) } }
            }
        }
        if let l = byType[slot]?[uid.type] { result.append(contentsOf: l) }
    }

    func candidates(for request: Request, entities: Entities) -> [Int] {
        if byEntity.isEmpty && byType.isEmpty { return wildcard }
        var result = wildcard
        collect(.principal, request.principal, entities, into: &result)
        collect(.resource, request.resource, entities, into: &result)
        var actionHits: [Int] = []
        collect(.action, request.action, entities, into: &actionHits)
        result.append(contentsOf: Set(actionHits))
        result.sort()
        return result
    }
}
