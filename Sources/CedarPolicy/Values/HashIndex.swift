/// The positions of distinct keys in a list, found by their precomputed hash codes: a read-only open-addressing
/// table (linear probing, at most half full) that answers `position(of:)` with a few word comparisons and one
/// equality check, where a `Dictionary` would run its keyed hash function on every look-up.
///
/// Built once from the keys (a store, an ancestor set, a policy index) and then only read. The hash codes are
/// themselves seeded hashes (see ``UTF8Bytes/hash(_:)``), so keys from requests cannot be chosen to collide.
struct HashIndex<Key: HashCoded>: Sendable {
    /// The distinct keys, in the order first given.
    private(set) var keys: [Key] = []
    /// For each slot, 1 + the position in `keys` of the key that occupies it, or 0 when empty.
    private var slots: [Int] = []
    private var mask = 0

    /// An empty index.
    init() {}

    /// Indexes `keys`; a repeated key keeps its first position.
    init(_ keys: some Sequence<Key>) {
        for key in keys { insert(key) }
    }

    /// Number of distinct keys.
    var count: Int { keys.count }

    /// Whether the index has no keys.
    var isEmpty: Bool { keys.isEmpty }

    /// The position of `key` in ``keys``, or nil.
    @inline(__always)
    func position(of key: Key) -> Int? {
        guard !slots.isEmpty else { return nil }
        var i = key.hashCode & mask
        while true {
            let entry = slots[i]
            if entry == 0 { return nil }
            if keys[entry - 1].hashCode == key.hashCode, keys[entry - 1] == key { return entry - 1 }
            i = (i + 1) & mask
        }
    }

    /// Whether `key` is in the index.
    func contains(_ key: Key) -> Bool { position(of: key) != nil }

    /// Adds `key` unless present; returns its position.
    @discardableResult
    mutating func insert(_ key: Key) -> Int {
        if let found = position(of: key) { return found }
        if (keys.count + 1) * 2 > slots.count { grow() }
        keys.append(key)
        place(keys.count - 1)
        return keys.count - 1
    }

    private mutating func place(_ position: Int) {
        var i = keys[position].hashCode & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = position + 1
    }

    private mutating func grow() {
        let capacity = max(8, slots.count * 2)
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for position in keys.indices { place(position) }
    }
}
