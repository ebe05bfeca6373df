import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardSCIM
import LanyardStorage
import LanyardTesting
import Testing

@Suite("The SCIM directory: users, groups, owners who follow, provisioning tokens")
struct DirectoryTests {
    static let base = "https://lanyard.test/t/default/scim/v2"

    struct Fixture {
        let env: TestEnvironment
        let directory: Directory
        let okta: Directory.Provisioner

        static func make() async throws -> Fixture {
            let env = try await TestEnvironment.make()
            let directory = Directory(store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom())
            let created = try await directory.createToken(CreateSCIMTokenRequest(description: "okta"), tenant: "default", by: env.platformAdmin)
            let okta = try #require(try await directory.authenticate(created.token))
            return Fixture(env: env, directory: directory, okta: okta)
        }

        func create(_ userName: String, active: Bool = true) async throws -> JSONObject {
            try await directory.createUser(
                JSONValue.parse(
                    #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)","active":\#(active),"name":{"givenName":"A","familyName":"B"}}"#
                ), tenant: "default", base: DirectoryTests.base, by: okta)
        }

        func owner(_ name: String) async throws -> OwnerStatus? {
            try await env.store.read { try await $0.ownerStatus(tenant: "default", owner: name) }
        }

        func actions() async throws -> [String] { try await env.events().map(\.action) }
    }

    static func patch(_ operations: String) throws -> JSONValue {
        try JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#)
    }

    @Test("create, read, a userName taken in another case is 409 uniqueness, and userName filters ignore case")
    func users() async throws {
        let fixture = try await Fixture.make()
        let alice = try await fixture.create("Alice@Example.com")
        let id = try #require(alice["id"]?.stringValue)
        #expect(id.hasPrefix("usr_"))
        #expect(alice["meta"]?["location"] == .string("\(Self.base)/Users/\(id)"))
        #expect(try await fixture.directory.user(id, tenant: "default", base: Self.base, by: fixture.okta) == alice)
        await #expect(throws: SCIMError.conflict("")) { try await fixture.create("alice@EXAMPLE.com") }
        let page = try await fixture.directory.users(
            filter: #"userName eq "ALICE@example.COM""#, query: SCIMListQuery(), tenant: "default", base: Self.base, by: fixture.okta)
        #expect(page.totalResults == 1 && page.resources.first?["id"] == .string(id))
        let none = try await fixture.directory.users(
            filter: #"userName eq "3f5b0b1e-0000-4000-8000-000000000000""#, query: SCIMListQuery(), tenant: "default", base: Self.base,
            by: fixture.okta)
        #expect(none.totalResults == 0 && none.resources.isEmpty)
        await #expect(throws: SCIMError.badRequest(.invalidFilter, "")) {
            try await fixture.directory.users(filter: "userName eq", query: SCIMListQuery(), tenant: "default", base: Self.base, by: fixture.okta)
        }
        await #expect(throws: SCIMError.notFound("")) {
            try await fixture.directory.user("00919288221112222", tenant: "default", base: Self.base, by: fixture.okta)
        }
        #expect(try await fixture.actions().filter { $0.hasPrefix("scim.") } == ["scim.user.create"])
    }

    @Test("deactivating over SCIM (Entra's string \"False\", Okta's path-less replace) makes the owner inactive; active again reactivates")
    func ownersFollow() async throws {
        let fixture = try await Fixture.make()
        let id = try #require(try await fixture.create("alice").stringValue(of: "id"))
        #expect(try await fixture.owner("alice") == nil, "an active user records nothing")
        let off = try await fixture.directory.patchUser(
            id, with: Self.patch(#"[{"op":"Replace","path":"active","value":"False"}]"#), tenant: "default", base: Self.base, by: fixture.okta)
        #expect(off["active"] == .bool(false))
        #expect(try await fixture.owner("alice")?.active == false)
        #expect(try await fixture.owner("alice")?.changedBy == fixture.okta.actor)
        let still = try await fixture.directory.user(id, tenant: "default", base: Self.base, by: fixture.okta)
        #expect(still["active"] == .bool(false), "a deactivated user is still returned")
        _ = try await fixture.directory.patchUser(
            id, with: Self.patch(#"[{"op":"replace","value":{"active":true}}]"#), tenant: "default", base: Self.base, by: fixture.okta)
        #expect(try await fixture.owner("alice")?.active == true)
        let actions = try await fixture.actions()
        #expect(actions.suffix(4) == ["owner.deactivate", "scim.user.update", "owner.activate", "scim.user.update"])
    }

    @Test("PUT with active false and DELETE both deactivate the owner; a deleted user is 404")
    func putAndDelete() async throws {
        let fixture = try await Fixture.make()
        let bob = try #require(try await fixture.create("bob").stringValue(of: "id"))
        let carol = try #require(try await fixture.create("carol").stringValue(of: "id"))
        let replaced = try await fixture.directory.replaceUser(
            bob, with: JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","active":false}"#),
            tenant: "default", base: Self.base, by: fixture.okta)
        #expect(replaced["name"] == nil, "PUT replaces every mutable attribute")
        #expect(try await fixture.owner("bob")?.active == false)
        try await fixture.directory.deleteUser(carol, tenant: "default", by: fixture.okta)
        #expect(try await fixture.owner("carol")?.active == false)
        await #expect(throws: SCIMError.notFound("")) { try await fixture.directory.user(carol, tenant: "default", base: Self.base, by: fixture.okta) }
        await #expect(throws: SCIMError.notFound("")) { try await fixture.directory.deleteUser(carol, tenant: "default", by: fixture.okta) }
    }

    @Test("a failing PATCH changes nothing: no version, no owner status, no audit event")
    func atomic() async throws {
        let fixture = try await Fixture.make()
        let id = try #require(try await fixture.create("dave").stringValue(of: "id"))
        let before = try await fixture.directory.user(id, tenant: "default", base: Self.base, by: fixture.okta)
        let events = try await fixture.env.events().count
        await #expect(throws: SCIMError.badRequest(.mutability, "")) {
            try await fixture.directory.patchUser(
                id, with: Self.patch(#"[{"op":"replace","path":"active","value":false},{"op":"replace","path":"id","value":"x"}]"#),
                tenant: "default", base: Self.base, by: fixture.okta)
        }
        #expect(try await fixture.directory.user(id, tenant: "default", base: Self.base, by: fixture.okta) == before)
        #expect(try await fixture.owner("dave") == nil)
        #expect(try await fixture.env.events().count == events)
    }

    @Test("groups: members must be users of the tenant, removal by value array removes only those, users show their groups")
    func groups() async throws {
        let fixture = try await Fixture.make()
        let ids = [try await fixture.create("u1"), try await fixture.create("u2"), try await fixture.create("u3")].compactMap { $0["id"]?.stringValue }
        let members = ids.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let group = try await fixture.directory.createGroup(
            JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[\#(members)]}"#),
            tenant: "default", base: Self.base, by: fixture.okta)
        let groupId = try #require(group["id"]?.stringValue)
        let after = try await fixture.directory.patchGroup(
            groupId, with: Self.patch(#"[{"op":"Remove","path":"members","value":[{"value":"\#(ids[0])"},{"value":"\#(ids[2])"}]}]"#),
            tenant: "default", base: Self.base, by: fixture.okta)
        guard case .array(let left)? = after["members"] else { throw SCIMError.notFound("no members") }
        #expect(left.compactMap { $0["value"]?.stringValue } == [ids[1]])
        await #expect(throws: SCIMError.badRequest(.invalidValue, "")) {
            try await fixture.directory.patchGroup(
                groupId, with: Self.patch(#"[{"op":"add","path":"members","value":[{"value":"usr_nobody"}]}]"#), tenant: "default",
                base: Self.base, by: fixture.okta)
        }
        let user = try await fixture.directory.user(ids[1], tenant: "default", base: Self.base, by: fixture.okta)
        #expect(user["groups"]?.isContainer == true)
        let found = try await fixture.directory.groups(
            filter: #"displayName eq "ENG""#, query: SCIMListQuery(), tenant: "default", base: Self.base, by: fixture.okta)
        #expect(found.totalResults == 1)
        await #expect(throws: SCIMError.conflict("")) {
            try await fixture.directory.createGroup(
                JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"eng"}"#), tenant: "default",
                base: Self.base, by: fixture.okta)
        }
    }

    @Test("provisioning tokens: lsc_ prefix, stored hashed, revoked at once, and useless in another tenant")
    func tokens() async throws {
        let fixture = try await Fixture.make()
        let (_, acmeToken) = try await fixture.env.tenancy.createTenant(CreateTenantRequest(name: "acme"), by: fixture.env.platformAdmin)
        let acmeAdmin = try await fixture.env.tenancy.authenticate(bearer: acmeToken)
        let created = try await fixture.directory.createToken(CreateSCIMTokenRequest(description: "entra"), tenant: "acme", by: acmeAdmin)
        #expect(created.token.hasPrefix("lsc_"))
        #expect(try await fixture.env.store.read { try await $0.provisioningToken(hash: TokenHasher.hash(created.token)) }?.id == created.info.id)
        let entra = try #require(try await fixture.directory.authenticate(created.token))
        #expect(entra.tenant == "acme")
        await #expect(throws: SCIMError.self) {
            try await fixture.directory.users(filter: nil, query: SCIMListQuery(), tenant: "default", base: Self.base, by: entra)
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            try await fixture.directory.createToken(CreateSCIMTokenRequest(), tenant: "default", by: acmeAdmin)
        }
        #expect(try await fixture.directory.tokens(tenant: "acme", by: acmeAdmin).tokens.map(\.id) == [created.info.id])
        try await fixture.directory.revokeToken(created.info.id, tenant: "acme", by: acmeAdmin)
        #expect(try await fixture.directory.authenticate(created.token) == nil)
        #expect(try await fixture.directory.authenticate("lsc_" + String(repeating: "a", count: 46)) == nil)
        await #expect(throws: LanyardError(.notFound, "")) { try await fixture.directory.revokeToken(created.info.id, tenant: "acme", by: acmeAdmin) }
    }
}

extension JSONObject {
    fileprivate func stringValue(of key: String) -> String? { self[key]?.stringValue }
}
