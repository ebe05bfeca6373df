/// An entity store with the transitive closure of the parent relation precomputed.
public struct Entities: Sendable {
    /// Entities by uid.
    public private(set) var store: [EntityUID: Entity]

    /// Creates a store and computes the transitive closure of `parents`.
    public init(_ entities: [Entity] = []) {
        var map: [EntityUID: Entity] = [:]
        for e in entities {
            if var existing = map[e.uid] {
                existing.parents.formUnion(e.parents)
                for (k, v) in e.attrs { existing.attrs[k] = v }
                for (k, v) in e.tags { existing.tags[k] = v }
                map[e.uid] = existing
            } else {
                map[e.uid] = e
            }
        }
        store = Entities.closure(map)
    }

    static func closure(_ map: [EntityUID: Entity]) -> [EntityUID: Entity] {
        var result = map
        var memo: [EntityUID: Set<EntityUID>] = [:]
        for uid in map.keys {
            if memo[uid] != nil { continue }
            // Iterative DFS collecting reachable ancestors.
            var seen: Set<EntityUID> = []
            var stack: [EntityUID] = Array(map[uid]?.parents ?? [])
            while let next = stack.popLast() {
                if seen.contains(next) { continue }
                seen.insert(next)
                if let done = memo[next] {
                    seen.formUnion(done)
                    continue
                }
                if let p = map[next]?.parents { stack.append(contentsOf: p) }
            }
            memo[uid] = seen
        }
        for (uid, anc) in memo { result[uid]?.ancestors = anc }
        return result
    }

    /// Looks up an entity.
    public subscript(uid: EntityUID) -> Entity? { store[uid] }

    /// Adds entities (for example actions from a schema) and recomputes the closure.
    public func adding(_ entities: [Entity]) -> Entities {
        var all = Array(store.values)
        all.append(contentsOf: entities)
        return Entities(all)
    }

    /// Whether `a` is `b` or a (transitive) descendant of `b`.
    public func isDescendant(_ a: EntityUID, of b: EntityUID) -> Bool {
        if a == b { return true }
        return store[a]?.ancestors.contains(b) ?? false
    }
}
