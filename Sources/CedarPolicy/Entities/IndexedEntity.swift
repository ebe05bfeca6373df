/// An entity as ``Entities`` keeps it: the entity, with its ancestors and attribute names in ``HashIndex``es so that
/// an `in` check or an attribute look-up is a few word comparisons.
///
/// Immutable and shared by reference, so that a request holds its principal's, action's and resource's entries
/// (``RequestScope``) without copying the entity's fields.
final class IndexedEntity: Sendable {
    /// The entity, its transitive ancestors filled in.
    let entity: Entity
    /// `entity.ancestors`, indexed.
    let ancestors: HashIndex<EntityUID>
    /// The names of `entity.attrs`, indexed, and their values at the same positions.
    private let attributeNames: HashIndex<CedarString>
    private let attributeValues: [Value]

    init(_ entity: Entity) {
        self.entity = entity
        ancestors = HashIndex(entity.ancestors)
        attributeNames = HashIndex(entity.attrs.keys)
        attributeValues = attributeNames.keys.compactMap { entity.attrs[$0] }
    }

    /// The value of the attribute `name`, or nil when the entity has none.
    func attribute(_ name: CedarString) -> Value? {
        attributeNames.position(of: name).map { attributeValues[$0] }
    }
}
