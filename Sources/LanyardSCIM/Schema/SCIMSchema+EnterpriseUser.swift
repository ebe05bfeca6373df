extension SCIMSchema {
    /// The Enterprise User extension (RFC 7643 §4.3).
    public static let enterpriseUser = SCIMSchema(
        id: SCIMSchemaURN.enterpriseUser, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            SCIMAttribute("employeeNumber", .string, description: "A string identifier assigned by the organization."),
            SCIMAttribute("costCenter", .string, description: "The name of a cost center."),
            SCIMAttribute("organization", .string, description: "The name of an organization."),
            SCIMAttribute("division", .string, description: "The name of a division."),
            SCIMAttribute("department", .string, description: "The name of a department."),
            SCIMAttribute(
                "manager", .complex, description: "The User's manager.",
                subAttributes: [
                    SCIMAttribute("value", .string, description: "The id of the SCIM resource representing the manager."),
                    SCIMAttribute(
                        "$ref", .reference, description: "The URI of the manager's SCIM resource.", referenceTypes: ["User"]),
                    SCIMAttribute(
                        "displayName", .string, description: "The displayName of the manager.", mutability: .readOnly),
                ]),
        ])
}
