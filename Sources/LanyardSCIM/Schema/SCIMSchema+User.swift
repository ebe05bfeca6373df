extension SCIMSchema {
    /// The core User schema (RFC 7643 §4.1, §8.7.1) as this server supports it.
    public static let user = SCIMSchema(
        id: SCIMSchemaURN.user, name: "User", description: "User Account",
        attributes: [
            SCIMAttribute(
                "userName", .string,
                description: "Unique identifier for the User, typically used to sign in; unique per tenant regardless of case.",
                required: true, uniqueness: .server),
            SCIMAttribute(
                "name", .complex, description: "The components of the user's real name.",
                subAttributes: [
                    SCIMAttribute("formatted", .string, description: "The full name, formatted for display."),
                    SCIMAttribute("familyName", .string, description: "The family name."),
                    SCIMAttribute("givenName", .string, description: "The given name."),
                    SCIMAttribute("middleName", .string, description: "The middle name(s)."),
                    SCIMAttribute("honorificPrefix", .string, description: "The honorific prefix(es)."),
                    SCIMAttribute("honorificSuffix", .string, description: "The honorific suffix(es)."),
                ]),
            SCIMAttribute("displayName", .string, description: "The name of the User, suitable for display."),
            SCIMAttribute("nickName", .string, description: "The casual way to address the user."),
            SCIMAttribute(
                "profileUrl", .reference, description: "A URI of the User's online profile.", referenceTypes: ["external"]),
            SCIMAttribute("title", .string, description: "The user's title, such as \"Vice President\"."),
            SCIMAttribute("userType", .string, description: "The relationship between the organization and the user."),
            SCIMAttribute("preferredLanguage", .string, description: "The User's preferred written or spoken language."),
            SCIMAttribute("locale", .string, description: "The User's default location, for localization."),
            SCIMAttribute("timezone", .string, description: "The User's time zone in the IANA database format."),
            SCIMAttribute(
                "active", .boolean,
                description: "The User's administrative status; false deactivates the owner and revokes what they own."),
            SCIMAttribute(
                "password", .string, description: "Accepted and discarded: Lanyard never signs users in with a password.",
                mutability: .writeOnly, returned: .never),
            multiValued("emails", "Email addresses for the user.", types: ["work", "home", "other"]),
            multiValued("phoneNumbers", "Phone numbers for the User.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
            multiValued("ims", "Instant messaging addresses for the User.", types: []),
            multiValued("photos", "URLs of photos of the User.", types: ["photo", "thumbnail"]),
            SCIMAttribute(
                "addresses", .complex, multiValued: true, description: "A physical mailing address for this User.",
                subAttributes: [
                    SCIMAttribute("formatted", .string, description: "The full mailing address, formatted for display."),
                    SCIMAttribute("streetAddress", .string, description: "The full street address component."),
                    SCIMAttribute("locality", .string, description: "The city or locality component."),
                    SCIMAttribute("region", .string, description: "The state or region component."),
                    SCIMAttribute("postalCode", .string, description: "The zip code or postal code component."),
                    SCIMAttribute("country", .string, description: "The country name component."),
                    SCIMAttribute(
                        "type", .string, description: "A label indicating the attribute's function.",
                        canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute("primary", .boolean, description: "Whether this is the primary address."),
                ]),
            SCIMAttribute(
                "groups", .complex, multiValued: true,
                description: "The groups the user belongs to; change membership on the Group resource.",
                mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("value", .string, description: "The id of the Group.", mutability: .readOnly),
                    SCIMAttribute(
                        "$ref", .reference, description: "The URI of the Group.", mutability: .readOnly,
                        referenceTypes: ["Group"]),
                    SCIMAttribute("display", .string, description: "The Group's displayName.", mutability: .readOnly),
                    SCIMAttribute(
                        "type", .string, description: "How the membership was derived.", mutability: .readOnly,
                        canonicalValues: ["direct"]),
                ]),
            multiValued("entitlements", "Entitlements of the User, as the identity provider names them.", types: []),
            multiValued("roles", "Roles of the User, as the identity provider names them.", types: []),
        ])

    /// A multi-valued complex attribute of the `value`, `display`, `type`, `primary` shape (RFC 7643 §2.4).
    private static func multiValued(_ name: String, _ description: String, types: [String]) -> SCIMAttribute {
        SCIMAttribute(
            name, .complex, multiValued: true, description: description,
            subAttributes: [
                SCIMAttribute("value", .string, description: "The value."),
                SCIMAttribute("display", .string, description: "A human-readable name, primarily used for display."),
                SCIMAttribute("type", .string, description: "A label indicating the attribute's function.", canonicalValues: types),
                SCIMAttribute("primary", .boolean, description: "Whether this is the primary value."),
            ])
    }
}
