/// Serialisation of entities to the Cedar JSON entity format.
extension Entities {
    /// The entities as a JSON array of `{uid, attrs, parents, tags}` objects (sorted by uid,
    /// direct parents only). Entity references use `__entity` and extension values `__extn`, so
    /// the output parses back with or without a schema.
    public var json: JSONValue {
        let sorted = store.values.sorted {
            $0.uid.type == $1.uid.type ? $0.uid.id < $1.uid.id : $0.uid.type < $1.uid.type
        }
        return .array(
            sorted.map { e in
                var members: [(String, JSONValue)] = [
                    ("uid", ExprJSON.entityJSON(e.uid)),
                    ("attrs", .object(e.attrs.sorted { $0.key < $1.key }.map { ($0.key.value, ExprJSON.valueJSON($0.value)) })),
                    ("parents", .array(e.parents.sorted { $0.description < $1.description }.map(ExprJSON.entityJSON))),
                ]
                if !e.tags.isEmpty {
                    members.append(("tags", .object(e.tags.sorted { $0.key < $1.key }.map { ($0.key.value, ExprJSON.valueJSON($0.value)) })))
                }
                return .object(members)
            })
    }
}
