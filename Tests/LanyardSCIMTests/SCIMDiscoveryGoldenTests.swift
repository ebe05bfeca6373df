import LanyardModel
import LanyardSCIM
import Testing

/// What `/Schemas`, `/ResourceTypes`, `/ServiceProviderConfig` and errors say, pinned byte for byte: scim2-tester
/// generates its payloads from the schemas, so a change here is a change in behaviour.
@Suite("Discovery documents and the error body (golden)")
struct SCIMDiscoveryGoldenTests {
    @Test("the User, EnterpriseUser and Group schemas")
    func schemas() throws {
        for schema in [SCIMSchema.user, .enterpriseUser, .group] {
            try GoldenFiles.check(
                schema.json(location: "https://lanyard.example/t/acme/scim/v2/Schemas/\(schema.id)").compactText,
                "schema-\(schema.name).json")
        }
    }

    @Test("the resource types and the service provider configuration")
    func resourceTypes() throws {
        try GoldenFiles.check(
            SCIMResourceType.user.json(location: "https://lanyard.example/t/acme/scim/v2/ResourceTypes/User").compactText,
            "resource-type-User.json")
        try GoldenFiles.check(
            SCIMServiceProviderConfig.json(
                location: "https://lanyard.example/t/acme/scim/v2/ServiceProviderConfig",
                documentationUri: "https://lanyard.example/docs/scim"
            ).compactText, "service-provider-config.json")
    }

    @Test("the error body has status as a string")
    func error() throws {
        let error = SCIMError.badRequest(.invalidFilter, "The filter is not valid: found the end before position 9, expected a value.")
        try GoldenFiles.check(error.json.compactText, "error-invalid-filter.json")
        #expect(SCIMError.notFound("x").json["status"] == .string("404"))
        #expect(SCIMError.notFound("x").json["scimType"] == nil)
    }

    @Test("a rendered resource lists the extension schema only when it has values")
    func rendering() throws {
        let meta = SCIMResourceMeta(created: "2026-01-10T08:00:00Z", lastModified: "2026-01-10T08:00:00Z", location: "https://x/Users/u1")
        let plain = SCIMResourceType.user.render(id: "u1", attributes: ["userName": .string("a"), "password": .string("p")], meta: meta)
        #expect(plain["schemas"] == .array([.string(SCIMSchemaURN.user)]))
        #expect(plain["password"] == nil)
        try GoldenFiles.check(JSONValue.object(SCIMFilterTests.alice).compactText, "user-rendered.json")
    }
}
