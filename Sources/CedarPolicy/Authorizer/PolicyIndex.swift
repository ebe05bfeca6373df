/// Index of policies by scope, so requests skip policies whose scope cannot match.
///
/// For each request variable (principal, action, resource) a policy is filed by its constraint on that variable: under
/// the target entity of `==`, `in` or `is … in` (action: under each target), under the type of `is`, or, when the
/// variable is unconstrained, in that variable's list of unconstrained policies. The candidates for a request are the
/// policies that, for every variable, are unconstrained or filed under the request's entity, one of its ancestors, or
/// its type: a superset of the policies whose scope matches, which the evaluator then checks exactly, so results equal
/// those of a full scan. Skipped policies are exactly those whose scope is false, and scope evaluation never errors,
/// so the `errors` set is unaffected. (A constraint on an unlinked slot, or `action in []`, never matches; such a
/// policy is filed nowhere for that variable and is never a candidate.)
///
/// The three sets are intersected as bitsets, one bit per policy, in a buffer on the stack.
struct PolicyIndex: Sendable {
    /// The policies filed for one request variable.
    private struct Variable: Sendable {
        /// Entities policies are filed under, and the policies filed under each (same positions).
        var entities = HashIndex<EntityUID>()
        var byEntity: [[Int]] = []
        /// Entity types policies are filed under (`is T`), and the policies filed under each.
        var types = HashIndex<EntityTypeName>()
        var byType: [[Int]] = []
        /// Policies that do not constrain this variable, as a bitset.
        var unconstrained: [UInt64] = []

        mutating func file(_ i: Int, under entity: EntityUID) {
            let p = entities.insert(entity)
            if p == byEntity.count { byEntity.append([]) }
            byEntity[p].append(i)
        }

        mutating func file(_ i: Int, underType type: EntityTypeName) {
            let p = types.insert(type)
            if p == byType.count { byType.append([]) }
            byType[p].append(i)
        }

        mutating func fileUnconstrained(_ i: Int) {
            while unconstrained.count <= i / 64 { unconstrained.append(0) }
            unconstrained[i / 64] |= 1 << UInt64(i % 64)
        }

        /// Writes into `bits` the policies whose constraint on this variable may hold for `uid`: the unconstrained
        /// ones and those filed under `uid`, its ancestors (from `entry`) or its type.
        func matching(_ uid: EntityUID, _ entry: IndexedEntity?, into bits: UnsafeMutableBufferPointer<UInt64>) {
            for w in bits.indices { bits[w] = w < unconstrained.count ? unconstrained[w] : 0 }
            func set(_ policies: [Int]) {
                for i in policies { bits[i / 64] |= 1 << UInt64(i % 64) }
            }
            if !entities.isEmpty {
                if let p = entities.position(of: uid) { set(byEntity[p]) }
                if let ancestors = entry?.ancestors.keys {
                    for a in ancestors {
                        if let p = entities.position(of: a) { set(byEntity[p]) }
                    }
                }
            }
            if !types.isEmpty, let p = types.position(of: uid.type) { set(byType[p]) }
        }
    }

    private var principal = Variable()
    private var action = Variable()
    private var resource = Variable()
    /// Number of policies indexed.
    private var count = 0

    /// Files a principal or resource constraint.
    private static func file(_ variable: inout Variable, _ c: ScopeConstraint, _ i: Int) {
        switch c {
        case .any: variable.fileUnconstrained(i)
        case .eq(.entity(let e)), .in(.entity(let e)), .isTypeIn(_, .entity(let e)): variable.file(i, under: e)
        case .isType(let t): variable.file(i, underType: t)
        case .eq(.slot), .in(.slot), .isTypeIn(_, .slot): break
        }
    }

    /// Files the policy at position `i` (positions are given in order: 0, 1, 2, …).
    mutating func insert(_ p: Policy, at i: Int) {
        count = max(count, i + 1)
        Self.file(&principal, p.principal, i)
        Self.file(&resource, p.resource, i)
        switch p.action {
        case .any: action.fileUnconstrained(i)
        case .eq(let e), .inEntity(let e): action.file(i, under: e)
        // Filed under each target (a repeated target sets the same bit twice); `action in []` under none.
        case .in(let es): for e in es { action.file(i, under: e) }
        }
    }

    /// Calls `body` with the position of each policy whose scope may match the request, in ascending order.
    func forEachCandidate(_ scope: RequestScope, _ body: (Int) -> Void) {
        let words = (count + 63) / 64
        guard words > 0 else { return }
        let request = scope.request
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * words) { buffer in
            let candidates = UnsafeMutableBufferPointer(rebasing: buffer[0..<words])
            let scratch = UnsafeMutableBufferPointer(rebasing: buffer[words..<(2 * words)])
            principal.matching(request.principal, scope.principal, into: candidates)
            action.matching(request.action, scope.action, into: scratch)
            for w in 0..<words { candidates[w] &= scratch[w] }
            resource.matching(request.resource, scope.resource, into: scratch)
            for w in 0..<words {
                var bits = candidates[w] & scratch[w]
                while bits != 0 {
                    body(w * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        }
    }
}
