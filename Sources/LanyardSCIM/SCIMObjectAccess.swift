public import LanyardModel

/// Case-insensitive access to a resource's JSON members (attribute names are case-insensitive, RFC 7643 §2.1).
public enum SCIMObjectAccess {
    /// The value of the member whose name equals `name` without regard to case.
    public static func member(_ object: JSONObject, _ name: String) -> JSONValue? {
        object.members.last { SCIMSchemaURN.same($0.key, name) }?.value
    }

    /// The name under which `object` holds `name`, if it does.
    public static func key(_ object: JSONObject, _ name: String) -> String? {
        object.members.last { SCIMSchemaURN.same($0.key, name) }?.key
    }

    /// Sets the member named `name` (any case) to `value` under the name `name`; nil removes it.
    public static func set(_ object: inout JSONObject, _ name: String, _ value: JSONValue?) {
        if let existing = key(object, name), existing != name { object[existing] = nil }
        object[name] = value
    }

    /// The top-level value of a resolved attribute (inside its extension's object when it has one).
    public static func value(of resolved: ResolvedAttribute, in resource: JSONObject) -> JSONValue? {
        if let container = resolved.container {
            guard case .object(let holder)? = member(resource, container) else { return nil }
            return member(holder, resolved.attribute.name)
        }
        return member(resource, resolved.attribute.name)
    }
}
