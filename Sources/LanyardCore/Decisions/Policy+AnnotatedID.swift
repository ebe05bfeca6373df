import CedarPolicy

extension Array where Element == Policy {
    /// Names each policy by its `@id("…")` annotation, or `<positionalPrefix><index>` when it has none (or an
    /// empty one), as Lanyard's policy stores and the admin policies do.
    mutating func nameByAnnotatedID(positionalPrefix: String) {
        for index in indices {
            let annotated = self[index].annotations.first(where: { $0.key == "id" })?.value ?? ""
            self[index].id = annotated.isEmpty ? "\(positionalPrefix)\(index)" : annotated
        }
    }
}
