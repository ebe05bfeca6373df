public import LanyardModel

/// `/ServiceProviderConfig` (RFC 7643 §5): what this server supports, honestly — PATCH and filters yes; bulk,
/// sorting, ETags and password changes no; bearer-token authentication.
public enum SCIMServiceProviderConfig {
    /// The document; `location` is its URL, `documentationUri` where people read about it.
    public static func json(location: String, documentationUri: String) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMSchemaURN.serviceProviderConfig)]),
            "documentationUri": .string(documentationUri),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .int(0), "maxPayloadSize": .int(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .int(Int64(SCIMListQuery.maxResults))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(false)]),
            "etag": .object(["supported": .bool(false)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"),
                    "name": .string("Provisioning token"),
                    "description": .string(
                        "A per-tenant provisioning token (lsc_…) created with `lanyard scim token create`, sent as a Bearer token."),
                    "specUri": .string("https://www.rfc-editor.org/rfc/rfc6750"),
                    "documentationUri": .string(documentationUri),
                    "primary": .bool(true),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"),
                "location": .string(location),
            ]),
        ])
    }
}
