import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``DirectoryStore``: SCIM users and groups, memberships and provisioning tokens.
struct DirectoryStoreConformance {
    let view: CapabilityView<any DirectoryStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await users()
        try await pages()
        try await groups()
        try await tokens()
    }

    func user(_ id: String, _ userName: String, externalId: String? = nil, active: Bool = true) -> DirectoryUser {
        DirectoryUser(
            id: id, userName: userName, externalId: externalId, active: active,
            attributes: ["userName": .string(userName), "name": .object(["givenName": .string("Ä \(id)")]), "active": .bool(active)],
            createdAt: now, updatedAt: now, version: 1)
    }

    /// Users round-trip with their attributes, are listed by id, are looked up by id, userName (any case) and
    /// externalId (exactly), never across tenants; a userName taken in any case is `already_exists` on insert and
    /// update; delete removes the user and their memberships.
    func users() async throws {
        let alice = user("usr_b", "Alice@Example.com", externalId: "ext-A")
        let bob = user("usr_a", "bob@example.com")
        try await view.write { store in
            try await store.insertDirectoryUser(tenant: "t1", alice)
            try await store.insertDirectoryUser(tenant: "t1", bob)
            try await store.insertDirectoryUser(tenant: "t2", user("usr_c", "alice@example.com"))
        }
        try await view.read { (store: any DirectoryStore) async throws -> Void in
            #expect(try await store.directoryUser(tenant: "t1", id: "usr_b") == alice)
            #expect(try await store.directoryUser(tenant: "t2", id: "usr_b") == nil)
            #expect(try await store.directoryUsers(tenant: "t1", lookup: nil).map(\.id) == ["usr_a", "usr_b"], "by id")
            #expect(try await store.directoryUsers(tenant: "t1", lookup: .userName("ALICE@example.COM")).map(\.id) == ["usr_b"])
            #expect(try await store.directoryUsers(tenant: "t1", lookup: .externalId("ext-A")).map(\.id) == ["usr_b"])
            #expect(try await store.directoryUsers(tenant: "t1", lookup: .externalId("ext-a")).isEmpty, "externalId is exact")
            #expect(try await store.directoryUsers(tenant: "t1", lookup: .id("usr_a")) == [bob])
            #expect(try await store.directoryUsers(tenant: "t2", lookup: nil).map(\.id) == ["usr_c"])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertDirectoryUser(tenant: "t1", user("usr_x", "ALICE@EXAMPLE.COM")) }
        }
        var renaming = bob
        renaming.userName = "alice@example.com"
        let renamed = renaming
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            _ = try await view.write { try await $0.updateDirectoryUser(tenant: "t1", renamed) }
        }
        var changing = alice
        changing.active = false
        changing.attributes["active"] = .bool(false)
        changing.version = 2
        changing.updatedAt = now.addingTimeInterval(60)
        let deactivated = changing
        #expect(try await view.write { try await $0.updateDirectoryUser(tenant: "t1", deactivated) })
        #expect(try await view.write { try await $0.updateDirectoryUser(tenant: "t2", deactivated) } == false)
        #expect(try await view.read { try await $0.directoryUser(tenant: "t1", id: "usr_b") } == deactivated)
        #expect(try await view.read { try await $0.directoryUser(tenant: "t1", id: "usr_a") } == bob, "a refused update changes nothing")
        #expect(try await view.write { try await $0.deleteDirectoryUser(tenant: "t1", id: "usr_a") })
        #expect(try await view.write { try await $0.deleteDirectoryUser(tenant: "t1", id: "usr_a") } == false)
        #expect(try await view.read { try await $0.directoryUsers(tenant: "t1", lookup: nil) }.map(\.id) == ["usr_b"])
    }

    /// The keyset pages of the admin API: users by lower-cased userName (not by id), after a key, filtered by
    /// `active`, never across tenants; groups by lower-cased displayName.
    func pages() async throws {
        let now = now
        try await view.write { store in
            try await store.insertDirectoryUser(tenant: "t2", user("usr_1", "Zed"))
            try await store.insertDirectoryUser(tenant: "t2", user("usr_2", "amy", active: false))
            try await store.insertDirectoryUser(tenant: "t2", user("usr_3", "Bea"))
            try await store.insertDirectoryUser(tenant: "t1", user("usr_4", "ann"))
            for (id, name) in [("grp_p1", "zeta"), ("grp_p2", "Alpha"), ("grp_p3", "beta")] {
                try await store.insertDirectoryGroup(
                    tenant: "t2",
                    DirectoryGroup(
                        id: id, displayName: name, externalId: nil, attributes: ["displayName": .string(name)], createdAt: now, updatedAt: now,
                        version: 1))
            }
        }
        try await view.read { (store: any DirectoryStore) async throws -> Void in
            #expect(
                try await store.directoryUsers(tenant: "t2", after: nil, active: nil, limit: 10).map(\.userName) == ["alice@example.com", "amy", "Bea", "Zed"])
            #expect(try await store.directoryUsers(tenant: "t2", after: "alice@example.com", active: nil, limit: 2).map(\.userName) == ["amy", "Bea"])
            #expect(try await store.directoryUsers(tenant: "t2", after: "bea", active: nil, limit: 2).map(\.userName) == ["Zed"])
            #expect(try await store.directoryUsers(tenant: "t2", after: nil, active: true, limit: 10).map(\.userName) == ["alice@example.com", "Bea", "Zed"])
            #expect(try await store.directoryUsers(tenant: "t2", after: nil, active: false, limit: 10).map(\.userName) == ["amy"])
            #expect(try await store.directoryUsers(tenant: "t2", after: "zed", active: nil, limit: 10).isEmpty)
            #expect(try await store.directoryGroups(tenant: "t2", after: nil, limit: 10).map(\.displayName) == ["Alpha", "beta", "zeta"])
            #expect(try await store.directoryGroups(tenant: "t2", after: "alpha", limit: 1).map(\.displayName) == ["beta"])
            #expect(
                try await store.directoryUsers(tenant: "t1", after: nil, active: nil, limit: 10).map(\.userName) == ["Alice@Example.com", "ann"],
                "never another tenant's")
            #expect(try await store.directoryGroups(tenant: "t1", after: nil, limit: 10).isEmpty)
        }
    }

    /// Groups: unique displayName per tenant regardless of case, lookups, members set exactly and listed both
    /// ways, and deleting a group or a user removes their memberships.
    func groups() async throws {
        let now = now
        @Sendable func group(_ id: String, _ name: String) -> DirectoryGroup {
            DirectoryGroup(
                id: id, displayName: name, externalId: "x-\(id)", attributes: ["displayName": .string(name)], createdAt: now, updatedAt: now,
                version: 1)
        }
        try await view.write { store in
            try await store.insertDirectoryUser(tenant: "t1", user("usr_m1", "m1"))
            try await store.insertDirectoryUser(tenant: "t1", user("usr_m2", "m2"))
            try await store.insertDirectoryGroup(tenant: "t1", group("grp_2", "Engineering"))
            try await store.insertDirectoryGroup(tenant: "t1", group("grp_1", "Sales"))
            try await store.insertDirectoryGroup(tenant: "t2", group("grp_3", "Engineering"))
            try await store.setDirectoryMembers(tenant: "t1", groupId: "grp_2", userIds: ["usr_m2", "usr_m1", "usr_m1"])
            try await store.setDirectoryMembers(tenant: "t1", groupId: "grp_1", userIds: ["usr_m1"])
        }
        try await view.read { (store: any DirectoryStore) async throws -> Void in
            #expect(try await store.directoryGroup(tenant: "t1", id: "grp_2") == group("grp_2", "Engineering"))
            #expect(try await store.directoryGroups(tenant: "t1", lookup: nil).map(\.id) == ["grp_1", "grp_2"])
            #expect(try await store.directoryGroups(tenant: "t1", lookup: .displayName("ENGINEERING")).map(\.id) == ["grp_2"])
            #expect(try await store.directoryGroups(tenant: "t1", lookup: .externalId("x-grp_1")).map(\.id) == ["grp_1"])
            #expect(
                try await store.directoryMembers(tenant: "t1", groupIds: ["grp_2"])
                    == [DirectoryMember(groupId: "grp_2", userId: "usr_m1"), DirectoryMember(groupId: "grp_2", userId: "usr_m2")])
            #expect(try await store.directoryMembers(tenant: "t1", groupIds: nil).count == 3)
            #expect(try await store.directoryMembers(tenant: "t2", groupIds: nil).isEmpty)
            #expect(try await store.directoryMemberships(tenant: "t1", userId: "usr_m1").map(\.groupId) == ["grp_1", "grp_2"])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertDirectoryGroup(tenant: "t1", group("grp_9", "sales")) }
        }
        try await view.write { store in
            try await store.setDirectoryMembers(tenant: "t1", groupId: "grp_2", userIds: ["usr_m2"])
            #expect(try await store.deleteDirectoryUser(tenant: "t1", id: "usr_m2"))
            #expect(try await store.deleteDirectoryGroup(tenant: "t1", id: "grp_1"))
        }
        try await view.read { (store: any DirectoryStore) async throws -> Void in
            #expect(try await store.directoryMembers(tenant: "t1", groupIds: nil).isEmpty)
            #expect(try await store.directoryMemberships(tenant: "t1", userId: "usr_m1").isEmpty)
            #expect(try await store.directoryGroups(tenant: "t1", lookup: nil).map(\.id) == ["grp_2"])
        }
    }

    /// Provisioning tokens: found by hash, listed per tenant newest first, revoked once and only in their tenant.
    func tokens() async throws {
        let first = ProvisioningTokenRecord(id: "sct_1", tenant: "t1", tokenHash: "h1", description: "okta", createdAt: now.addingTimeInterval(-60))
        let second = ProvisioningTokenRecord(id: "sct_2", tenant: "t1", tokenHash: "h2", description: "entra", createdAt: now)
        try await view.write { store in
            try await store.insertProvisioningToken(first)
            try await store.insertProvisioningToken(second)
            try await store.insertProvisioningToken(
                ProvisioningTokenRecord(id: "sct_3", tenant: "t2", tokenHash: "h3", description: "other", createdAt: now))
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write {
                try await $0.insertProvisioningToken(ProvisioningTokenRecord(id: "sct_4", tenant: "t1", tokenHash: "h1", description: "", createdAt: now))
            }
        }
        #expect(try await view.read { try await $0.provisioningToken(hash: "h2") } == second)
        #expect(try await view.read { try await $0.provisioningToken(hash: "nope") } == nil)
        #expect(try await view.read { try await $0.provisioningTokens(tenant: "t1") }.map(\.id) == ["sct_2", "sct_1"])
        #expect(try await view.write { try await $0.revokeProvisioningToken(tenant: "t2", id: "sct_1", at: now) } == false)
        #expect(try await view.write { try await $0.revokeProvisioningToken(tenant: "t1", id: "sct_1", at: now) })
        #expect(try await view.write { try await $0.revokeProvisioningToken(tenant: "t1", id: "sct_1", at: now) } == false)
        #expect(try await view.read { try await $0.provisioningToken(hash: "h1") }?.revokedAt == now)
    }
}
