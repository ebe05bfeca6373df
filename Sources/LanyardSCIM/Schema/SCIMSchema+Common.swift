extension SCIMSchema {
    /// The attributes every resource has (RFC 7643 §3.1): not part of any schema's attribute list in `/Schemas`,
    /// but known to filters, projections and PATCH.
    public static let common = SCIMSchema(
        id: "urn:lanyard:scim:common", name: "Common", description: "Attributes of every resource",
        attributes: [
            SCIMAttribute(
                "id", .string, description: "The server's identifier of the resource.", caseExact: true, mutability: .readOnly,
                returned: .always, uniqueness: .server),
            SCIMAttribute("externalId", .string, description: "The provisioning client's identifier.", caseExact: true),
            SCIMAttribute(
                "meta", .complex, description: "Resource metadata.", mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("resourceType", .string, description: "User or Group.", caseExact: true, mutability: .readOnly),
                    SCIMAttribute("created", .dateTime, description: "When the resource was created.", mutability: .readOnly),
                    SCIMAttribute(
                        "lastModified", .dateTime, description: "When the resource was last changed.", mutability: .readOnly),
                    SCIMAttribute("location", .reference, description: "The resource's URI.", mutability: .readOnly),
                    SCIMAttribute("version", .string, description: "The resource's version.", caseExact: true, mutability: .readOnly),
                ]),
        ])
}
