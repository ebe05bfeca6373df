public import LanyardModel

/// A SCIM schema: its URN and its attributes (RFC 7643 §7).
public struct SCIMSchema: Sendable, Hashable {
    /// The schema URN.
    public var id: String
    public var name: String
    public var description: String
    public var attributes: [SCIMAttribute]

    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The attribute of that name, compared without regard to case.
    public func attribute(named name: String) -> SCIMAttribute? {
        attributes.first { SCIMSchemaURN.same($0.name, name) }
    }

    /// The schema as `/Schemas` shows it; `location` is its URL.
    public func json(location: String) -> JSONValue {
        var attributeValues: [JSONValue] = []
        for attribute in attributes { attributeValues.append(attribute.json) }
        return .object([
            "schemas": .array([.string(SCIMSchemaURN.schema)]),
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "attributes": .array(attributeValues),
            "meta": .object(["resourceType": .string("Schema"), "location": .string(location)]),
        ])
    }
}
