/// An entity store with the transitive closure of the parent relation precomputed.
///
/// Entities are kept in a list and found through a ``HashIndex`` of their uids, with each entity's ancestors indexed
/// too (``IndexedEntity``): the look-ups a decision makes (the request's entities, `in` checks) then compare
/// precomputed hash codes instead of hashing strings.
public struct Entities: Sendable {
    /// Positions of the stored entities' uids in `entries`.
    private var index: HashIndex<EntityUID>
    /// The stored entities, at their uids' positions in `index`.
    private var entries: [IndexedEntity]
    /// Per-request entities laid over the store (see ``overlaying(_:)``); looked up first.
    private var overlay: [EntityUID: IndexedEntity] = [:]

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
        let closed = Entities.closure(map)
        index = HashIndex(closed.keys)
        entries = index.keys.compactMap { closed[$0].map(IndexedEntity.init) }
    }

    /// Entities by uid (without the entities of ``overlaying(_:)``). Builds a dictionary: O(n).
    public var store: [EntityUID: Entity] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.entity.uid, $0.entity) })
    }

    /// Number of stored entities (without the entities of ``overlaying(_:)``).
    public var count: Int { entries.count }

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

    /// The stored (or overlaid) entry for `uid`.
    func entry(_ uid: EntityUID) -> IndexedEntity? {
        if !overlay.isEmpty, let e = overlay[uid] { return e }
        return index.position(of: uid).map { entries[$0] }
    }

    /// Looks up an entity.
    public subscript(uid: EntityUID) -> Entity? { entry(uid)?.entity }

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
            copy.overlay[entity.uid] = IndexedEntity(entity)
        }
        return copy
    }

    /// Adds entities (for example actions from a schema) and recomputes the closure.
    public func adding(_ entities: [Entity]) -> Entities {
        var all = entries.map(\.entity) + overlay.values.map(\.entity)
        all.append(contentsOf: entities)
        return Entities(all)
    }

    /// Whether `a` is `b` or a (transitive) descendant of `b`.
    public func isDescendant(_ a: EntityUID, of b: EntityUID) -> Bool {
        if a == b { return true }
        return entry(a)?.ancestors.contains(b) ?? false
    }
}
