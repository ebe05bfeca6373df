import CedarPolicy
import Foundation
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Synchronization
import Testing

/// People and groups of the SCIM directory as Cedar entities: an identity's `ownerUser` is its owner's
/// `Lanyard::User`, whose parents are the `Lanyard::Group`s (by displayName) they are a member of, and a directory
/// change reaches decisions through the change stream.
@Suite("Directory users and groups in decisions")
struct DirectoryEntityTests {
    static let base = "https://lanyard.test/t/t1/scim/v2"
    static let urls = IssuerURLs(issuer: "https://lanyard.test/t/t1")
    static let admin = Principal(tokenId: "tok_admin", role: .platformAdmin, tenant: nil, subject: nil)
    static let policy = """
        @id("ml-team-deploys")
        permit (principal is Lanyard::Identity, action == Action::"deploy", resource)
        when { principal has ownerUser && principal.ownerUser.active && principal.ownerUser in Lanyard::Group::"ML Team" };
        """

    static func patch(_ operations: String) throws -> LanyardModel.JSONValue {
        try LanyardModel.JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#)
    }

    /// A node: a store, its state (whose caches' clock stands still unless `ttlClock` moves), decisions and directory.
    struct Node {
        let store: SQLStore
        let state: TenantState
        let decisions: Decisions
        let directory: Directory

        init(_ store: SQLStore, kek: KeyEncryptionKey, frozen: Bool) {
            let clock = ManualClock(StoreConformance.now)
            let audit = StoreAuditLog(keys: AuditKeys(kek: kek))
            self.store = store
            state = frozen ? TenantState(store: store, clock: clock, monotonicNanoseconds: { 0 }) : TenantState(store: store, clock: clock)
            decisions = Decisions(store: store, audit: audit, clock: clock, state: state, tokens: nil)
            directory = Directory(store: store, audit: audit, clock: clock, random: SystemRandom())
        }

        func allowed(_ identity: String) async throws -> Bool {
            let body = #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"deploy"},"resource":{"type":"App","id":"a"}}"#
            return try await decisions.decisionPoint.evaluation(
                AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "t1", urls: DirectoryEntityTests.urls, by: DirectoryEntityTests.admin
            ).allowed == 1
        }
    }

    /// alice in "ML Team", bob in no group; the policy above; `alice-bot` and `bob-bot` owned by them, `carol-bot` by
    /// someone the directory does not know. Returns the group's id and alice's id.
    static func provision(_ node: Node) async throws -> (group: String, alice: String) {
        let token = try await node.directory.createToken(CreateSCIMTokenRequest(description: "idp"), tenant: "t1", by: admin)
        let idp = try #require(try await node.directory.authenticate(token.token))
        var ids: [String] = []
        for name in ["Alice", "bob"] {
            let user = try await node.directory.createUser(
                LanyardModel.JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)","displayName":"\#(name) D."}"#),
                tenant: "t1", base: base, by: idp)
            ids.append(try #require(user["id"]?.stringValue))
        }
        let group = try await node.directory.createGroup(
            LanyardModel.JSONValue.parse(
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ML Team","members":[{"value":"\#(ids[0])"}]}"#),
            tenant: "t1", base: base, by: idp)
        _ = try await node.decisions.administration.push(PushPoliciesRequest(policies: policy, message: "ml team"), tenant: "t1", by: admin)
        try await node.store.write { session in
            // Owners as registered: alice in another letter case than her userName.
            for (name, owner) in [("alice-bot", "alice"), ("bob-bot", "bob"), ("carol-bot", "carol")] {
                try await session.insertIdentity(StoreConformance.identity(name, owner: owner))
            }
        }
        return (try #require(group["id"]?.stringValue), ids[0])
    }

    static func provisioner(_ node: Node) async throws -> Directory.Provisioner {
        let token = try await node.directory.createToken(CreateSCIMTokenRequest(description: "idp2"), tenant: "t1", by: admin)
        return try #require(try await node.directory.authenticate(token.token))
    }

    @Test("a policy on the owner's group permits; SCIM removing the membership, or deactivating the owner, flips it", arguments: TestDatabases.engines)
    func membershipFlipsTheDecision(engine: TestDatabases.Engine) async throws {
        try await TenantStateTests.withTwoNodes(engine) { store, _, _ in
            let node = Node(store, kek: KeyEncryptionKey.generate().0, frozen: false)
            let (group, alice) = try await Self.provision(node)
            let idp = try await Self.provisioner(node)
            #expect(try await node.allowed("idn_t1_alice-bot"), "alice (any case) is in ML Team and active")
            #expect(try await !node.allowed("idn_t1_bob-bot"), "bob is in no group")
            #expect(try await !node.allowed("idn_t1_carol-bot"), "carol is no person of the directory: no ownerUser")

            _ = try await node.directory.patchGroup(
                group, with: Self.patch(#"[{"op":"remove","path":"members[value eq \"\#(alice)\"]"}]"#), tenant: "t1", base: Self.base, by: idp)
            #expect(try await !node.allowed("idn_t1_alice-bot"), "the next decision after the PATCH")

            _ = try await node.directory.patchGroup(
                group, with: Self.patch(#"[{"op":"add","path":"members","value":[{"value":"\#(alice)"}]}]"#), tenant: "t1", base: Self.base, by: idp)
            #expect(try await node.allowed("idn_t1_alice-bot"))
            _ = try await node.directory.patchUser(
                alice, with: Self.patch(#"[{"op":"Replace","path":"active","value":"False"}]"#), tenant: "t1", base: Self.base, by: idp)
            #expect(try await !node.allowed("idn_t1_alice-bot"))
        }
    }

    @Test("a directory change made on another node reaches this node's decisions when its change arrives", arguments: TestDatabases.engines)
    func otherNodes(engine: TestDatabases.Engine) async throws {
        try await TenantStateTests.withTwoNodes(engine) { here, there, _ in
            let kek = KeyEncryptionKey.generate().0
            let local = Node(here, kek: kek, frozen: true)
            let remote = Node(there, kek: kek, frozen: false)
            let relayed = Mutex([StateChange]())
            there.changes.subscribe { changes in relayed.withLock { $0 += changes } }
            let (group, alice) = try await Self.provision(local)
            #expect(try await local.allowed("idn_t1_alice-bot"))

            let idp = try await Self.provisioner(remote)
            _ = try await remote.directory.patchGroup(
                group, with: Self.patch(#"[{"op":"remove","path":"members[value eq \"\#(alice)\"]"}]"#), tenant: "t1", base: Self.base, by: idp)
            #expect(try await local.allowed("idn_t1_alice-bot"), "cached here until the change arrives")
            let changes = relayed.withLock { changes in
                defer { changes.removeAll() }
                return changes
            }
            #expect(changes.contains(.directory(tenant: "t1")))
            local.state.apply(changes)
            #expect(try await !local.allowed("idn_t1_alice-bot"))
        }
    }

    @Test("Lanyard's schema types ownerUser and Lanyard::User in Lanyard::Group; without them when a tenant declares User")
    func schema() throws {
        let actions = "\nentity App;\naction deploy appliesTo { principal: [Lanyard::Identity], resource: [App] };\n"
        let typed = try Schema(cedarSchema: LanyardCedarModel.schema() + actions)
        #expect(Validator(schema: typed).validate(try PolicySet(text: Self.policy)).isEmpty)
        let wrong = #"permit (principal is Lanyard::Identity, action, resource) when { principal has ownerUser && principal.ownerUser.email == "x" };"#
        #expect(!Validator(schema: typed).validate(try PolicySet(text: wrong)).isEmpty, "User has no email")
        let withoutUser = LanyardCedarModel.schema(excluding: ["User"])
        #expect(!withoutUser.contains("ownerUser") && !withoutUser.contains("entity User"))
        _ = try Schema(cedarSchema: "entity User;\n" + withoutUser)
    }
}
