import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("Scopes granted through directory groups: issued only to members' identities, revoked when the owner leaves the group")
struct GroupScopeTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    /// A directory with alice and bob, alice alone in `release-managers`, and the `deployer` template that grants
    /// `deploy` and `rollback:*` through that group.
    struct Fixture {
        let env: TestEnvironment
        let idp: Provisioning
        let alice: String
        let group: String
    }

    func fixture(_ engine: TestDatabases.Engine) async throws -> Fixture {
        let env = try await TestEnvironment.make(engine)
        let idp = try await Provisioning(env)
        let alice = try await idp.user("alice")
        _ = try await idp.user("bob")
        let group = try await idp.group("release-managers", members: [alice])
        _ = try await env.templates.create(
            CreateTemplateRequest(
                name: "deployer", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["read"],
                groupScopes: ["release-managers": ["deploy", "rollback:*"]]),
            tenant: "default", by: env.platformAdmin)
        return Fixture(env: env, idp: idp, alice: alice, group: group)
    }

    /// A `client_credentials` token for `scope`, through the token endpoint.
    func token(_ env: TestEnvironment, _ client: TestWorkload, scope: String) async throws -> String {
        try await env.credentials.tokenEndpoint.issue(try await client.tokenRequest(env, urls: urls, scope: scope), tenant: "default", urls: urls)
            .accessToken
    }

    func refusal(_ env: TestEnvironment, _ client: TestWorkload, scope: String) async throws -> OAuthError? {
        do {
            _ = try await token(env, client, scope: scope)
            return nil
        } catch let error as OAuthError {
            return error
        }
    }

    func active(_ env: TestEnvironment, _ token: String) async -> Bool {
        await env.credentials.tokens.introspect(token, tenant: "default", urls: urls).active
    }

    @Test("only a member's identity gets the group's scopes; leaving revokes exactly the tokens that carry them", arguments: TestDatabases.engines)
    func membership(engine: TestDatabases.Engine) async throws {
        let fixture = try await fixture(engine)
        let env = fixture.env
        let alices = try await TestWorkload.register(env, "alice-deployer", owner: "alice", template: "deployer")
        let bobs = try await TestWorkload.register(env, "bob-deployer", owner: "bob", template: "deployer")

        let deploy = try await token(env, alices, scope: "read deploy")
        let rollback = try await token(env, alices, scope: "rollback:prod")
        let read = try await token(env, alices, scope: "read")
        _ = try await token(env, bobs, scope: "read")
        let refused = try #require(try await refusal(env, bobs, scope: "read deploy"), "bob is not in release-managers")
        #expect(refused.code == .invalidScope)
        #expect(refused.description.contains("'release-managers'") && refused.description.contains("'bob' is not"))
        #expect(try await refusal(env, bobs, scope: "publish")?.description.contains("is not allowed by template 'deployer'") == true)

        env.clock.advance(seconds: 5)
        try await fixture.idp.patchGroup(fixture.group, #"[{"op":"remove","path":"members[value eq \"\#(fixture.alice)\"]"}]"#)
        #expect(await active(env, deploy) == false)
        #expect(await active(env, rollback) == false)
        #expect(await active(env, read), "a token without the group's scopes keeps working")
        #expect(try await env.inventory.find(alices.identity.id, tenant: "default", by: env.platformAdmin).status == .active, "nothing is orphaned")
        #expect(try await refusal(env, alices, scope: "deploy")?.code == .invalidScope, "the directory change reached the token endpoint")
        let event = try #require(try await env.events().last { $0.action == "credential.revoke" })
        #expect(event.target == "identity:\(alices.identity.id)")
        #expect(event.details["group"] == "release-managers" && event.details["count"] == "2")

        try await fixture.idp.patchGroup(fixture.group, #"[{"op":"add","path":"members","value":[{"value":"\#(fixture.alice)"}]}]"#)
        let again = try await token(env, alices, scope: "deploy")
        #expect(await active(env, again), "back in the group, the scope is granted again")
        try await fixture.idp.patchGroup(fixture.group, #"[{"op":"replace","path":"displayName","value":"release-leads"}]"#)
        #expect(await active(env, again) == false, "a renamed group no longer grants what the template grants through its old name")
        #expect(try await refusal(env, alices, scope: "deploy")?.code == .invalidScope)
    }

    @Test("a template's group scopes are checked: group names, 1–32 valid scopes per group, at most 16 groups")
    func validation() async throws {
        let env = try await TestEnvironment.make()
        func create(_ grants: [String: [String]]) async throws {
            _ = try await env.templates.create(
                CreateTemplateRequest(name: "t", defaultTTL: "1d", maxTTL: "7d", groupScopes: grants), tenant: "default", by: env.platformAdmin)
        }
        for bad: [String: [String]] in [
            ["  ": ["deploy"]], ["ops": []], ["ops": ["has space"]], ["ops": Array(repeating: "x", count: 33)], ["ops": ["a"], " ops ": ["b"]],
            Dictionary(uniqueKeysWithValues: (0..<17).map { ("group-\($0)", ["x"]) }),
        ] {
            await #expect(throws: LanyardError(.invalidField, "")) { try await create(bad) }
        }
        #expect(try await env.store.read { try await $0.template(tenant: "default", name: "t") } == nil, "a refused template is not stored")
        try await create([" ops ": ["deploy", "tool:*"]])
        let stored = try #require(try await env.store.read { try await $0.template(tenant: "default", name: "t") })
        #expect(stored.groupScopes == ["ops": ["deploy", "tool:*"]], "the group name is trimmed")
        #expect(stored.allows(scope: "tool:search", ownerGroups: ["ops"]) && !stored.allows(scope: "tool:search", ownerGroups: ["dev"]))
        #expect(!stored.allows(scope: "deploy"), "group scopes are not allowed to every identity")
    }
}
