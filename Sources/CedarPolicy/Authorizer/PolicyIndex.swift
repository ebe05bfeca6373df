/// Index of policies by scope, so requests skip policies whose scope cannot match.
///
/// For each request variable (principal, action, resource) a policy is filed by its constraint on that variable:
/// under the target entity of `==` (matched by the request's entity itself), under the target of `in` or `is … in`
/// (action: under each target; matched by the request's entity or any of its ancestors), under the type of `is`, or,
/// when the variable is unconstrained, in that variable's unconstrained policies. The candidates for a request are
/// the policies that, for every variable, are unconstrained or filed where the request's entity matches.
///
/// For every constraint but `is T in e` that is exactly the scope's meaning (`==` is equality, `in` is "is or
/// descends from", `is` compares types), so a candidate's scope holds and need not be evaluated again; a policy with
/// an `is … in` constraint is a candidate when its `in` part holds and the caller checks its scope. Either way the
/// policies evaluated are a superset of those whose scope matches, checked exactly, so results equal those of a full
/// scan; skipped policies are exactly those whose scope is false, and scope evaluation never errors, so the `errors`
/// set is unaffected. (A constraint on an unlinked slot, or `action in []`, never matches: such a policy is filed
/// nowhere for that variable and is never a candidate.)
///
/// The three sets are intersected as bitsets, one bit per policy, in a buffer on the stack.
struct PolicyIndex: Sendable {
    /// The policies filed under one entity or type: a list, and also a bitset once the list is long, so that a
    /// bucket shared by thousands of policies (`action == Action::"read"`) is merged a word at a time.
    private struct Bucket: Sendable {
        /// Above this many policies a bucket keeps a bitset too.
        static let denseThreshold = 64

        private(set) var policies: [Int] = []
        private(set) var bits: [UInt64] = []

        mutating func append(_ i: Int) {
            policies.append(i)
            if policies.count == Self.denseThreshold {
                for p in policies { Self.set(p, in: &bits) }
            } else if policies.count > Self.denseThreshold {
                Self.set(i, in: &bits)
            }
        }

        static func set(_ i: Int, in bits: inout [UInt64]) {
            while bits.count <= i / 64 { bits.append(0) }
            bits[i / 64] |= 1 << UInt64(i % 64)
        }

        /// Adds this bucket's policies to `result`.
        func merge(into result: UnsafeMutableBufferPointer<UInt64>) {
            if !bits.isEmpty && bits.count < policies.count {
                bits.withUnsafeBufferPointer { bits in
                    for w in 0..<min(bits.count, result.count) { result[w] |= bits[w] }
                }
            } else {
                for i in policies { result[i / 64] |= 1 << UInt64(i % 64) }
            }
        }
    }

    /// The policies filed for one request variable.
    private struct Variable: Sendable {
        /// Entities policies are filed under by `==`, and the policies filed under each (same positions).
        var equalTo = HashIndex<EntityUID>()
        var byEqualTo: [Bucket] = []
        /// Entities policies are filed under by `in`, and the policies filed under each.
        var within = HashIndex<EntityUID>()
        var byWithin: [Bucket] = []
        /// Entity types policies are filed under (`is T`), and the policies filed under each.
        var types = HashIndex<EntityTypeName>()
        var byType: [Bucket] = []
        /// Policies that do not constrain this variable, as a bitset.
        var unconstrained: [UInt64] = []

        private static func file<Key>(_ i: Int, under key: Key, _ keys: inout HashIndex<Key>, _ buckets: inout [Bucket]) {
            let p = keys.insert(key)
            if p == buckets.count { buckets.append(Bucket()) }
            buckets[p].append(i)
        }

        mutating func file(_ i: Int, equalTo entity: EntityUID) { Self.file(i, under: entity, &equalTo, &byEqualTo) }
        mutating func file(_ i: Int, within entity: EntityUID) { Self.file(i, under: entity, &within, &byWithin) }
        mutating func file(_ i: Int, ofType type: EntityTypeName) { Self.file(i, under: type, &types, &byType) }
        mutating func fileUnconstrained(_ i: Int) { Bucket.set(i, in: &unconstrained) }

        /// Writes into `bits` the policies whose constraint on this variable holds for `uid`: the unconstrained ones
        /// and those filed under `uid` (`==`), under `uid` or one of its ancestors from `entry` (`in`), or under its
        /// type.
        func matching(_ uid: EntityUID, _ entry: IndexedEntity?, into bits: UnsafeMutableBufferPointer<UInt64>) {
            let copied = min(bits.count, unconstrained.count)
            unconstrained.withUnsafeBufferPointer { unconstrained in
                for w in 0..<copied { bits[w] = unconstrained[w] }
            }
            for w in copied..<bits.count { bits[w] = 0 }
            if !equalTo.isEmpty, let p = equalTo.position(of: uid) { byEqualTo[p].merge(into: bits) }
            if !within.isEmpty {
                if let p = within.position(of: uid) { byWithin[p].merge(into: bits) }
                if let ancestors = entry?.ancestors.keys {
                    for a in ancestors {
                        if let p = within.position(of: a) { byWithin[p].merge(into: bits) }
                    }
                }
            }
            if !types.isEmpty, let p = types.position(of: uid.type) { byType[p].merge(into: bits) }
        }
    }

    private var principal = Variable()
    private var action = Variable()
    private var resource = Variable()
    /// Policies whose scope is not fully decided by the index (an `is … in` constraint), as a bitset.
    private var inexact: [UInt64] = []
    /// Number of policies indexed.
    private var count = 0

    /// Files a principal or resource constraint; returns false when the index does not decide it exactly.
    private static func file(_ variable: inout Variable, _ c: ScopeConstraint, _ i: Int) -> Bool {
        switch c {
        case .any: variable.fileUnconstrained(i)
        case .eq(.entity(let e)): variable.file(i, equalTo: e)
        case .in(.entity(let e)): variable.file(i, within: e)
        case .isType(let t): variable.file(i, ofType: t)
        case .isTypeIn(_, .entity(let e)):
            variable.file(i, within: e)
            return false
        case .eq(.slot), .in(.slot), .isTypeIn(_, .slot): break
        }
        return true
    }

    /// Files the policy at position `i` (positions are given in order: 0, 1, 2, …).
    mutating func insert(_ p: Policy, at i: Int) {
        count = max(count, i + 1)
        let principalExact = Self.file(&principal, p.principal, i)
        let resourceExact = Self.file(&resource, p.resource, i)
        if !principalExact || !resourceExact { Bucket.set(i, in: &inexact) }
        switch p.action {
        case .any: action.fileUnconstrained(i)
        case .eq(let e): action.file(i, equalTo: e)
        case .inEntity(let e): action.file(i, within: e)
        // Filed under each target (a repeated target sets the same bit twice); `action in []` under none.
        case .in(let es): for e in es { action.file(i, within: e) }
        }
    }

    /// Calls `body` with the position of each policy whose scope may match the request, in ascending order, and
    /// whether its scope is known to match (when false, the caller must check it).
    func forEachCandidate(_ scope: RequestScope, _ body: (_ position: Int, _ scopeMatches: Bool) -> Void) {
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
                let unsure = w < inexact.count ? inexact[w] : 0
                while bits != 0 {
                    let b = bits.trailingZeroBitCount
                    body(w * 64 + b, unsure & (1 << UInt64(b)) == 0)
                    bits &= bits - 1
                }
            }
        }
    }
}
