public import LanyardModel

/// A resource type (RFC 7643 §6): its endpoint, core schema and schema extensions.
///
/// It is also where attribute paths are resolved: a name (any case, optionally qualified by a schema URN) becomes
/// the attribute definition and the member of the resource's JSON object that holds it.
public struct SCIMResourceType: Sendable, Hashable {
    /// `User` or `Group`.
    public var name: String
    /// `/Users` or `/Groups`.
    public var endpoint: String
    public var description: String
    public var schema: SCIMSchema
    /// Extensions; none is required.
    public var extensions: [SCIMSchema]

    public init(name: String, endpoint: String, description: String, schema: SCIMSchema, extensions: [SCIMSchema]) {
        self.name = name
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
    }

    public static let user = SCIMResourceType(
        name: "User", endpoint: "/Users", description: "User Account", schema: .user, extensions: [.enterpriseUser])
    public static let group = SCIMResourceType(
        name: "Group", endpoint: "/Groups", description: "Group", schema: .group, extensions: [])

    /// Every resource type this server serves.
    public static let all: [SCIMResourceType] = [.user, .group]

    /// The extension with that URN, compared without regard to case.
    public func `extension`(_ urn: String) -> SCIMSchema? {
        extensions.first { SCIMSchemaURN.same($0.id, urn) }
    }

    /// The resource type as `/ResourceTypes` shows it; `location` is its URL.
    public func json(location: String) -> JSONValue {
        var extensionValues: [JSONValue] = []
        for schemaExtension in extensions {
            extensionValues.append(.object(["schema": .string(schemaExtension.id), "required": .bool(false)]))
        }
        return .object([
            "schemas": .array([.string(SCIMSchemaURN.resourceType)]),
            "id": .string(name),
            "name": .string(name),
            "endpoint": .string(endpoint),
            "description": .string(description),
            "schema": .string(schema.id),
            "schemaExtensions": .array(extensionValues),
            "meta": .object(["resourceType": .string("ResourceType"), "location": .string(location)]),
        ])
    }

    /// Resolves an attribute path against this type.
    /// - Throws: `kind` (``SCIMError/Kind/invalidFilter`` or ``SCIMError/Kind/invalidPath``) when the path names
    ///   no attribute of this type.
    public func resolve(_ path: SCIMAttributePath, errorKind kind: SCIMError.Kind) throws(SCIMError) -> ResolvedAttribute {
        let container: String?
        let attribute: SCIMAttribute?
        if let urn = path.schema {
            if SCIMSchemaURN.same(urn, schema.id) {
                container = nil
                attribute = schema.attribute(named: path.attribute) ?? SCIMSchema.common.attribute(named: path.attribute)
            } else if let schemaExtension = self.extension(urn) {
                container = schemaExtension.id
                attribute = schemaExtension.attribute(named: path.attribute)
            } else {
                throw .badRequest(kind, "\(urn) is not a schema of the \(name) resource.")
            }
        } else {
            container = nil
            attribute = schema.attribute(named: path.attribute) ?? SCIMSchema.common.attribute(named: path.attribute)
        }
        guard let attribute else {
            throw .badRequest(kind, "\(name) has no attribute named \(path.attribute).")
        }
        var sub: SCIMAttribute?
        if let subName = path.subAttribute {
            guard let found = attribute.subAttribute(named: subName) else {
                throw .badRequest(kind, "\(attribute.name) has no sub-attribute named \(subName).")
            }
            sub = found
        }
        return ResolvedAttribute(container: container, attribute: attribute, subAttribute: sub)
    }
}

/// An attribute path resolved against a resource type: where its value lives and how it behaves.
public struct ResolvedAttribute: Sendable, Hashable {
    /// The extension URN whose object holds the attribute, or nil for a core or common attribute.
    public var container: String?
    public var attribute: SCIMAttribute
    public var subAttribute: SCIMAttribute?

    /// The definition that governs the addressed values (the sub-attribute's when there is one).
    public var leaf: SCIMAttribute { subAttribute ?? attribute }

    /// The strictest mutability on the way to the value.
    public var mutability: SCIMAttribute.Mutability {
        if attribute.mutability == .readOnly || subAttribute?.mutability == .readOnly { return .readOnly }
        return subAttribute?.mutability ?? attribute.mutability
    }
}
