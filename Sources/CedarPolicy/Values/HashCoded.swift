/// A value that carries a hash of itself computed when it was made (``CedarString``, ``EntityUID``), so tables keyed
/// by it (``HashIndex``) find it without hashing again.
protocol HashCoded: Hashable, Sendable {
    /// The precomputed hash: equal values have equal hash codes.
    var hashCode: Int { get }
}

extension CedarString: HashCoded {}
extension EntityUID: HashCoded {}
