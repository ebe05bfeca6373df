import LanyardModel
import LanyardSCIM
import Testing

@Suite("Resource bodies of POST and PUT")
struct SCIMResourceInputTests {
    func read(_ text: String, _ type: SCIMResourceType = .user) throws -> JSONObject {
        try SCIMResourceInput.attributes(of: JSONValue.parse(text), type: type)
    }

    @Test("names take the schema's spelling, string booleans become booleans, id meta groups password are dropped")
    func canonical() throws {
        let attributes = try read(
            #"""
            {"SCHEMAS":["urn:ietf:params:scim:schemas:core:2.0:user","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id":"x","meta":{"resourceType":"User"},"USERNAME":"Alice@Example.com","Active":"True","password":"hunter2",
             "groups":[{"value":"g1"}],"NAME":{"GivenName":"Alice"},"externalid":"e1",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Research","manager":{"value":"u9","displayName":"Boss"}}}
            """#)
        #expect(
            attributes
                == [
                    "userName": .string("Alice@Example.com"), "active": .bool(true), "name": .object(["givenName": .string("Alice")]),
                    "externalId": .string("e1"),
                    SCIMSchemaURN.enterpriseUser: .object(["department": .string("Research"), "manager": .object(["value": .string("u9")])]),
                ])
    }

    @Test("phone numbers and other values are stored exactly as sent")
    func exact() throws {
        let attributes = try read(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","phoneNumbers":[{"value":"+1 (555) 010-0000","type":"work"}]}"#)
        #expect(attributes["phoneNumbers"] == .array([.object(["value": .string("+1 (555) 010-0000"), "type": .string("work")])]))
    }

    @Test(
        "bad bodies are refused with the right scimType",
        arguments: [
            (#"[]"#, "invalidSyntax"),
            (#"{"userName":"a"}"#, "invalidSyntax"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a"}"#, "invalidSyntax"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","favouriteColour":"blue"}"#, "invalidSyntax"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","name":{"nick":"x"}}"#, "invalidSyntax"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":5}"#, "invalidValue"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","active":"yes"}"#, "invalidValue"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","emails":[{"value":{"deep":1}}]}"#, "invalidValue"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"no userName"}"#, "invalidValue"),
            (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":""}"#, "invalidValue"),
        ])
    func refused(_ body: String, _ scimType: String) throws {
        #expect(throws: SCIMError.badRequest(SCIMError.Kind(rawValue: scimType), "")) { try read(body) }
    }

    @Test("a group needs a displayName; members are read")
    func group() throws {
        let group = try read(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[{"value":"u1","display":"Alice"}]}"#, .group)
        #expect(group == ["displayName": .string("Eng"), "members": .array([.object(["value": .string("u1")])])])
        #expect(throws: SCIMError.self) { try read(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}"#, .group) }
    }
}
