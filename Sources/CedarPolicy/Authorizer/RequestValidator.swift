/// Validation of a request against a schema.
public enum RequestValidator {
    /// Checks that the action is declared, the principal and resource types are allowed for it,
    /// enumerated ids are valid, and the context conforms to the action's context type.
    public static func validate(_ request: Request, schema: Schema) -> [String] {
        guard let def = schema.actions[request.action] else {
            return ["action \(request.action) is not declared in the schema"]
        }
        var errors: [String] = []
        if !def.principalTypes.contains(request.principal.type) {
            errors.append("principal type `\(request.principal.type)` is not valid for action \(request.action)")
        }
        if !def.resourceTypes.contains(request.resource.type) {
            errors.append("resource type `\(request.resource.type)` is not valid for action \(request.action)")
        }
        for uid in [request.principal, request.resource] {
            if let ids = schema.entityTypes[uid.type]?.enumIDs, !ids.contains(uid.id) {
                errors.append("entity \(uid) is not one of the enumerated ids of its type")
            }
        }
        if !conforms(.record(request.context), .record(def.context)) {
            errors.append("context does not conform to the declared context type of \(request.action)")
        }
        return errors
    }

    /// Whether a value conforms to a schema type.
    public static func conforms(_ v: Value, _ t: SchemaType) -> Bool {
        switch (v, t) {
        case (.bool, .bool), (.long, .long), (.string, .string): return true
        case (.entity(let u), .entity(let et)): return u.type == et
        case (.set(let s), .set(let et)): return s.allSatisfy { conforms($0, et) }
        case (.record(let r), .record(let rt)):
            // Keys are distinct, so the record has every required attribute when it has as many as are required.
            var required = 0
            for (k, x) in r {
                guard let p = rt.layout.names.position(of: k) else { return false }
                let at = rt.layout.types[p]
                guard conforms(x, at.type) else { return false }
                if at.required { required += 1 }
            }
            return required == rt.layout.requiredCount
        case (.ext(let e), .ext(let n)): return e.typeName == n
        default: return false
        }
    }
}
