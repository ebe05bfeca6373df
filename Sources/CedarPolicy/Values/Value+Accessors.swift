/// The payload of a value of an expected type, or the type error Cedar raises otherwise.
extension Value {
    /// The boolean, or a type error.
    func asBool() throws(EvaluationError) -> Bool {
        guard case .bool(let b) = self else { throw .type("bool", self) }
        return b
    }

    /// The entity uid, or a type error.
    func asEntity() throws(EvaluationError) -> EntityUID {
        guard case .entity(let u) = self else { throw .type("entity", self) }
        return u
    }

    /// The set, or a type error.
    func asSet() throws(EvaluationError) -> Set<Value> {
        guard case .set(let s) = self else { throw .type("set", self) }
        return s
    }

    /// The string, or a type error.
    func asString() throws(EvaluationError) -> CedarString {
        guard case .string(let s) = self else { throw .type("string", self) }
        return s
    }
}
