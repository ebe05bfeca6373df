import LanyardModel
import LanyardSCIM
import Testing

@Suite("attributes / excludedAttributes and paging")
struct SCIMProjectionAndPagingTests {
    let alice = SCIMFilterTests.alice

    @Test("attributes keeps schemas, id and the named attributes (and sub-attributes) only")
    func attributes() throws {
        let projection = try SCIMProjection(attributes: "userName,NAME.givenName,emails.value", excludedAttributes: nil, type: .user)
        let out = projection.apply(to: alice, type: .user)
        #expect(out.keys == ["schemas", "id", "userName", "name", "emails"])
        #expect(out["name"] == .object(["givenName": .string("Alice")]))
        #expect(out["emails"] == .array([.object(["value": .string("alice@work.example")]), .object(["value": .string("alice@home.example")])]))
    }

    @Test("excludedAttributes drops the named ones but never id")
    func excluded() throws {
        let projection = try SCIMProjection(
            attributes: nil, excludedAttributes: "emails,id,meta,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", type: .user)
        let out = projection.apply(to: alice, type: .user)
        #expect(out.keys == ["schemas", "id", "externalId", "userName", "name", "active"])
    }

    @Test("extension attributes are named with their URN")
    func extensionAttribute() throws {
        let projection = try SCIMProjection(
            attributes: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", excludedAttributes: nil, type: .user)
        #expect(projection.apply(to: alice, type: .user).keys == ["schemas", "id", SCIMSchemaURN.enterpriseUser])
    }

    @Test("startIndex is 1-based, below 1 reads as 1; count is clamped to 0...maxResults")
    func paging() throws {
        #expect(try SCIMListQuery(startIndex: nil, count: nil) == SCIMListQuery(startIndex: 1, count: SCIMListQuery.maxResults))
        #expect(try SCIMListQuery(startIndex: "0", count: "-5") == SCIMListQuery(startIndex: 1, count: 0))
        #expect(try SCIMListQuery(startIndex: "3", count: "100000").count == SCIMListQuery.maxResults)
        #expect(SCIMListQuery(startIndex: 3, count: 2).range(of: 10) == 2..<4)
        #expect(SCIMListQuery(startIndex: 9, count: 5).range(of: 10) == 8..<10)
        #expect(SCIMListQuery(startIndex: 50, count: 5).range(of: 10) == 10..<10)
        #expect(SCIMListQuery(startIndex: 1, count: 0).range(of: 10).isEmpty)
        #expect(throws: SCIMError.self) { try SCIMListQuery(startIndex: "one", count: nil) }
        #expect(throws: SCIMError.self) { try SCIMListQuery(startIndex: nil, count: "99999999999999999999") }
    }

    @Test("a ListResponse has totalResults and Resources even when empty")
    func listResponse() throws {
        try GoldenFiles.check(SCIMListResponse.json(totalResults: 0, startIndex: 1, resources: []).compactText, "list-empty.json")
    }
}
