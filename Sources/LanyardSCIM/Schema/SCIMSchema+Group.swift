extension SCIMSchema {
    /// The core Group schema (RFC 7643 §4.2, §8.7.1); members are Users of the same tenant.
    public static let group = SCIMSchema(
        id: SCIMSchemaURN.group, name: "Group", description: "Group",
        attributes: [
            SCIMAttribute(
                "displayName", .string, description: "A human-readable name for the Group, unique per tenant regardless of case.",
                required: true, uniqueness: .server),
            SCIMAttribute(
                "members", .complex, multiValued: true, description: "The Users in the Group.",
                subAttributes: [
                    SCIMAttribute(
                        "value", .string, description: "The id of the member User.", caseExact: true, mutability: .immutable),
                    SCIMAttribute(
                        "$ref", .reference, description: "The URI of the member's resource.", mutability: .immutable,
                        referenceTypes: ["User"]),
                    SCIMAttribute(
                        "type", .string, description: "The type of the member.", mutability: .immutable,
                        canonicalValues: ["User"]),
                    SCIMAttribute("display", .string, description: "The member's display name.", mutability: .readOnly),
                ]),
        ])
}
