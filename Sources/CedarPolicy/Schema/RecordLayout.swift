/// The attributes of a ``RecordType`` as a list, so that decoding a record from JSON and checking a record against
/// the type find each attribute without hashing its name again.
struct RecordLayout: Sendable {
    /// Attribute names, at the positions of their types in `types`.
    let names: HashIndex<CedarString>
    /// Attribute types.
    let types: [AttributeType]
    /// How many attributes are required.
    let requiredCount: Int

    /// Up to this many attributes, a JSON key is found by comparing bytes name by name (cheaper than hashing it).
    private static let linearSearchLimit = 16

    init(_ attributes: [CedarString: AttributeType]) {
        names = HashIndex(attributes.keys)
        types = names.keys.compactMap { attributes[$0] }
        requiredCount = types.count { $0.required }
    }

    /// Number of attributes.
    var count: Int { types.count }

    /// The position of the attribute named by a JSON key, or nil when the type has none of that name.
    func position(of key: String) -> Int? {
        if count > Self.linearSearchLimit { return names.position(of: CedarString(key)) }
        return names.keys.firstIndex { UTF8Bytes.equal($0.value, key) }
    }
}
