import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardSCIM
import LanyardTesting
import Testing

/// The admin API's read of the directory (`Directory+Admin`): pages by name, lookups by name or id, the identities a
/// person owns, group members, and who may read it.
@Suite("The directory, read by administrators")
struct DirectoryReadTests {
    typealias Fixture = DirectoryTests.Fixture

    static func principal(_ role: Principal.Role, tenant: String = "default", subject: String? = nil) -> Principal {
        Principal(tokenId: "tok_\(role.rawValue)", role: role, tenant: tenant, subject: subject)
    }

    /// alice (display name, two emails, in Eng), Bob (inactive, in Eng), carol (in no group); group Eng and Ops.
    static func provision(_ fixture: Fixture) async throws -> (alice: String, eng: String) {
        let alice = try await fixture.directory.createUser(
            JSONValue.parse(
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice","displayName":"Alice A.","externalId":"00u1","emails":[{"value":"alice@example.com","type":"work","primary":true},{"value":"a@home.example"}]}"#
            ), tenant: "default", base: DirectoryTests.base, by: fixture.okta)
        let bob = try await fixture.create("Bob", active: false)
        _ = try await fixture.create("carol")
        let members = [alice, bob].compactMap { $0["id"]?.stringValue }.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let eng = try await fixture.directory.createGroup(
            JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[\#(members)]}"#),
            tenant: "default", base: DirectoryTests.base, by: fixture.okta)
        _ = try await fixture.directory.createGroup(
            JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops"}"#), tenant: "default",
            base: DirectoryTests.base, by: fixture.okta)
        return (try #require(alice["id"]?.stringValue), try #require(eng["id"]?.stringValue))
    }

    @Test("people are paged by userName without regard to case, filtered by active, and a cursor of one filter fails another")
    func userPages() async throws {
        let fixture = try await Fixture.make()
        _ = try await Self.provision(fixture)
        let admin = fixture.env.platformAdmin
        let all = try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 100), by: admin)
        #expect(all.users.map(\.userName) == ["alice", "Bob", "carol"])
        #expect(all.next == nil)
        #expect(all.users.first?.displayName == "Alice A." && all.users.first?.externalId == "00u1")
        let first = try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 2), by: admin)
        #expect(first.users.map(\.userName) == ["alice", "Bob"])
        let rest = try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 2, cursor: first.next), by: admin)
        #expect(rest.users.map(\.userName) == ["carol"] && rest.next == nil)
        #expect(try await fixture.directory.users(tenant: "default", active: false, page: PageRequest(limit: 10), by: admin).users.map(\.userName) == ["Bob"])
        #expect(
            try await fixture.directory.users(tenant: "default", active: true, page: PageRequest(limit: 10), by: admin).users.map(\.userName)
                == ["alice", "carol"])
        await #expect(throws: LanyardError(.invalidCursor, "")) {
            try await fixture.directory.users(tenant: "default", active: true, page: PageRequest(limit: 2, cursor: first.next), by: admin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 0), by: admin)
        }
        await #expect(throws: LanyardError(.notFound, "")) {
            try await fixture.directory.users(tenant: "nosuch", active: nil, page: PageRequest(limit: 10), by: admin)
        }
    }

    @Test("one person by userName in any case or by id: emails, groups and the identities they own, at most 100 with the count")
    func userDetail() async throws {
        let fixture = try await Fixture.make()
        let (aliceId, _) = try await Self.provision(fixture)
        let admin = fixture.env.platformAdmin
        for index in 0..<102 {
            _ = try await fixture.env.inventory.register(
                RegisterIdentityRequest(
                    name: String(format: "bot-%03d", index), kind: "agent", owner: "alice", purpose: "x", environment: "sandbox"), tenant: "default",
                by: admin)
        }
        _ = try await fixture.env.inventory.register(
            RegisterIdentityRequest(name: "carols", kind: "agent", owner: "carol", purpose: "x", environment: "sandbox"), tenant: "default", by: admin)
        let alice = try await fixture.directory.user("ALICE", tenant: "default", by: admin)
        #expect(alice.id == aliceId && alice.userName == "alice" && alice.active)
        #expect(alice.emails == ["alice@example.com", "a@home.example"])
        #expect(alice.groups == ["Eng"])
        #expect(alice.identityCount == 102)
        #expect(alice.identities.count == 100 && alice.identities.first?.name == "bot-000" && alice.identities.last?.name == "bot-099")
        #expect(alice.identities.allSatisfy { $0.status == "active" && $0.id.hasPrefix("idn_") })
        #expect(try await fixture.directory.user(aliceId, tenant: "default", by: admin) == alice)
        let bob = try await fixture.directory.user("bob", tenant: "default", by: admin)
        #expect(!bob.active && bob.identityCount == 0 && bob.identities.isEmpty && bob.groups == ["Eng"] && bob.emails.isEmpty)
        await #expect(throws: LanyardError(.notFound, "")) { try await fixture.directory.user("usr_nobody", tenant: "default", by: admin) }
        await #expect(throws: LanyardError(.notFound, "")) { try await fixture.directory.user("dave", tenant: "default", by: admin) }
    }

    @Test("groups are paged by displayName; one group by name in any case or by id lists its members' userNames")
    func groups() async throws {
        let fixture = try await Fixture.make()
        let (_, engId) = try await Self.provision(fixture)
        let admin = fixture.env.platformAdmin
        let list = try await fixture.directory.groups(tenant: "default", page: PageRequest(limit: 1), by: admin)
        #expect(list.groups.map(\.displayName) == ["Eng"])
        let next = try await fixture.directory.groups(tenant: "default", page: PageRequest(limit: 1, cursor: list.next), by: admin)
        #expect(next.groups.map(\.displayName) == ["ops"] && next.next == nil)
        let eng = try await fixture.directory.group("ENG", tenant: "default", by: admin)
        #expect(eng.id == engId && eng.members == ["alice", "Bob"] && eng.memberCount == 2)
        #expect(try await fixture.directory.group(engId, tenant: "default", by: admin) == eng)
        #expect(try await fixture.directory.group("ops", tenant: "default", by: admin).members.isEmpty)
        await #expect(throws: LanyardError(.notFound, "")) { try await fixture.directory.group("sales", tenant: "default", by: admin) }
    }

    @Test("auditors and security reviewers read the directory; owners, builders, peps and other tenants' admins do not")
    func roles() async throws {
        let fixture = try await Fixture.make()
        _ = try await Self.provision(fixture)
        for role in [Principal.Role.tenantAdmin, .securityReviewer, .auditor] {
            let reader = Self.principal(role)
            #expect(try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 10), by: reader).users.count == 3)
            #expect(try await fixture.directory.group("eng", tenant: "default", by: reader).memberCount == 2)
        }
        for reader in [
            Self.principal(.owner, subject: "alice"), Self.principal(.builder, subject: "alice"), Self.principal(.pep),
            Self.principal(.tenantAdmin, tenant: "acme"),
        ] {
            await #expect(throws: LanyardError(.forbidden, "")) {
                try await fixture.directory.users(tenant: "default", active: nil, page: PageRequest(limit: 10), by: reader)
            }
            await #expect(throws: LanyardError(.forbidden, "")) { try await fixture.directory.user("alice", tenant: "default", by: reader) }
            await #expect(throws: LanyardError(.forbidden, "")) {
                try await fixture.directory.groups(tenant: "default", page: PageRequest(limit: 10), by: reader)
            }
            await #expect(throws: LanyardError(.forbidden, "")) { try await fixture.directory.group("eng", tenant: "default", by: reader) }
        }
    }
}
