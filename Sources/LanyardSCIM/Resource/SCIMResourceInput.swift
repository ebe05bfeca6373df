public import LanyardModel

/// Reads the body of a POST or PUT into a resource's attributes (RFC 7644 §3.3, §3.5.1).
///
/// The result holds `externalId`, the core attributes and, under its URN, each extension's object, every name
/// spelled as the schema spells it. `schemas`, `id` and `meta` are not part of it (the server assigns them); other
/// read-only attributes (a User's `groups`) are ignored, and write-only ones (`password`) are dropped, never stored.
public enum SCIMResourceInput {
    /// Reads `body` as a resource of `type`.
    /// - Throws: ``SCIMError`` 400 `invalidSyntax` (not an object, no or wrong `schemas`, unknown attribute),
    ///   `invalidValue` (wrong type, missing required attribute).
    public static func attributes(of body: JSONValue, type: SCIMResourceType) throws(SCIMError) -> JSONObject {
        guard case .object(let object) = body else {
            throw .badRequest(.invalidSyntax, "The body must be a JSON object with the attributes of a \(type.name).")
        }
        try checkSchemas(SCIMObjectAccess.member(object, "schemas"), type: type)
        var out = JSONObject()
        var extensions: [(SCIMSchema, JSONObject)] = []
        for (key, value) in object {
            if SCIMSchemaURN.same(key, "schemas") || SCIMSchemaURN.same(key, "id") || SCIMSchemaURN.same(key, "meta") {
                continue
            }
            if let schemaExtension = type.extension(key) {
                guard case .object(let members) = value else {
                    if case .null = value { continue }
                    throw .badRequest(.invalidSyntax, "\(schemaExtension.id) must be an object.")
                }
                extensions.append((schemaExtension, try attributes(members, of: schemaExtension)))
                continue
            }
            guard let attribute = type.schema.attribute(named: key) ?? SCIMSchema.common.attribute(named: key) else {
                throw .badRequest(.invalidSyntax, "\(type.name) has no attribute named \(key).")
            }
            if attribute.mutability == .readOnly || attribute.mutability == .writeOnly { continue }
            if let coerced = try SCIMValueCoercion.coerce(value, as: attribute) { out[attribute.name] = coerced }
        }
        for (schemaExtension, members) in extensions where !members.isEmpty { out[schemaExtension.id] = .object(members) }
        try checkRequired(out, type: type)
        return out
    }

    private static func attributes(_ object: JSONObject, of schema: SCIMSchema) throws(SCIMError) -> JSONObject {
        var out = JSONObject()
        for (key, value) in object {
            guard let attribute = schema.attribute(named: key) else {
                throw .badRequest(.invalidSyntax, "\(schema.id) has no attribute named \(key).")
            }
            if attribute.mutability == .readOnly || attribute.mutability == .writeOnly { continue }
            if let coerced = try SCIMValueCoercion.coerce(value, as: attribute) { out[attribute.name] = coerced }
        }
        return out
    }

    /// `schemas` must list the core schema and nothing this type does not know.
    private static func checkSchemas(_ value: JSONValue?, type: SCIMResourceType) throws(SCIMError) {
        guard case .array(let items)? = value, !items.isEmpty else {
            throw .badRequest(.invalidSyntax, "The body must list its schemas, including \(type.schema.id).")
        }
        var sawCore = false
        for item in items {
            guard case .string(let urn) = item else {
                throw .badRequest(.invalidSyntax, "schemas must be a list of schema URNs.")
            }
            if SCIMSchemaURN.same(urn, type.schema.id) {
                sawCore = true
            } else if type.extension(urn) == nil {
                throw .badRequest(.invalidSyntax, "\(urn) is not a schema of the \(type.name) resource.")
            }
        }
        guard sawCore else { throw .badRequest(.invalidSyntax, "schemas must include \(type.schema.id).") }
    }

    /// Every required attribute has a non-empty value (RFC 7643 §2.2).
    public static func checkRequired(_ attributes: JSONObject, type: SCIMResourceType) throws(SCIMError) {
        for attribute in type.schema.attributes where attribute.required {
            switch attributes[attribute.name] {
            case .string(let text)? where !text.isEmpty: continue
            case nil, .string?: throw .badRequest(.invalidValue, "\(attribute.name) is required.")
            default: continue
            }
        }
    }
}
