/// An entity store with the transitive closure of the parent relation precomputed.
public struct Entities: Sendable {
    /// Entities by uid.
    public private(set) var store: [EntityUID: Entity]
    /// Per-request entities laid over ``store`` (see ``overlaying(_:)``); looked up first.
    private var overlay: [EntityUID: Entity] = [:]

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
    public subscript(uid: EntityUID) -> Entity? { overlay.isEmpty ? store[uid] : (overlay[uid] ?? store[uid]) }

    /// This store with a few more entities laid over it, without recomputing the closure of the whole store:
    /// the cost is proportional to `entities`, not to the store, so a large shared store can be extended per
    /// request. An overlay entity replaces a stored one with the same uid. Its ancestors are its parents and
    /// their ancestors (in the store or earlier in `entities`); stored entities do not gain ancestors through
    /// overlay entities.
    public func overlaying(_ entities: [Entity]) -> Entities {
        var copy = self
        for var entity in entities {
            var ancestors = entity.parents
            for parent in entity.parents {
                if let more = copy[parent]?.ancestors { ancestors.formUnion(more) }
            }
            ancestors.remove(entity.uid)
            entity.ancestors = ancestors
            copy.overlay[entity.uid] = entity
        }
        return copy
    }

    /// Adds entities (for example actions from a schema) and recomputes the closure.
    public func adding(_ entities: [Entity]) -> Entities {
        var all = Array(store.values) + Array(overlay.values)
        all.append(contentsOf: entities)
        return Entities(all)
    }

    /// Whether `a` is `b` or a (transitive) descendant of `b`.
    public func isDescendant(_ a: EntityUID, of b: EntityUID) -> Bool {
        if a == b { return true }
        return self[a]?.ancestors.contains(b) ?? false
    }
}
