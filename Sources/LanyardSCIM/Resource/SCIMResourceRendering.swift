public import LanyardModel

/// The server-assigned parts of a resource's `meta` (RFC 7643 §3.1).
public struct SCIMResourceMeta: Sendable, Hashable {
    /// RFC 3339 date-times.
    public var created: String
    public var lastModified: String
    /// The resource's URL.
    public var location: String
    /// A weak entity tag such as `W/"3"`, when the server keeps versions.
    public var version: String?

    public init(created: String, lastModified: String, location: String, version: String? = nil) {
        self.created = created
        self.lastModified = lastModified
        self.location = location
        self.version = version
    }
}

extension SCIMResourceType {
    /// The full resource: `schemas` (the core schema and each extension present), `id`, `externalId`, the core
    /// attributes in schema order, the extensions, `meta` — the order RFC 7643's examples use.
    ///
    /// `attributes` is what ``SCIMResourceInput`` or ``SCIMPatch`` produced, plus derived read-only values (a User's
    /// `groups`, a Group's `members`). Write-only attributes are never written.
    public func render(id: String, attributes: JSONObject, meta: SCIMResourceMeta) -> JSONObject {
        var schemas: [JSONValue] = [.string(schema.id)]
        for schemaExtension in extensions where attributes[schemaExtension.id] != nil {
            schemas.append(.string(schemaExtension.id))
        }
        var out: JSONObject = ["schemas": .array(schemas), "id": .string(id)]
        if let externalId = attributes["externalId"] { out["externalId"] = externalId }
        for attribute in schema.attributes where attribute.returned != .never {
            if let value = attributes[attribute.name] { out[attribute.name] = value }
        }
        for schemaExtension in extensions {
            if let value = attributes[schemaExtension.id] { out[schemaExtension.id] = value }
        }
        var metaObject: JSONObject = [
            "resourceType": .string(name),
            "created": .string(meta.created),
            "lastModified": .string(meta.lastModified),
            "location": .string(meta.location),
        ]
        if let version = meta.version { metaObject["version"] = .string(version) }
        out["meta"] = .object(metaObject)
        return out
    }
}
