/// An entity: uid, attributes, direct parents, tags, and (once loaded into `Entities`)
/// the transitive closure of its parents.
public struct Entity: Sendable, Hashable {
    /// Unique identifier.
    public let uid: EntityUID
    /// Attribute values.
    public var attrs: [CedarString: Value]
    /// Direct parents as given.
    public var parents: Set<EntityUID>
    /// Transitive ancestors (filled in by `Entities`).
    public internal(set) var ancestors: Set<EntityUID>
    /// Tag values.
    public var tags: [CedarString: Value]

    /// Creates an entity.
    public init(
        uid: EntityUID, attrs: [CedarString: Value] = [:], parents: Set<EntityUID> = [],
        tags: [CedarString: Value] = [:]
    ) {
        self.uid = uid
        self.attrs = attrs
        self.parents = parents
        self.ancestors = parents
        self.tags = tags
    }
}
