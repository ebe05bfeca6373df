import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardSCIM
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Owners who leave: orphaned identities, revoked credentials, findings, transfer, the grace period")
struct LeaverCascadeTests {
    static let base = "https://lanyard.test/t/default/scim/v2"
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func register(_ env: TestEnvironment, _ name: String, owner: String, template: String? = nil) async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: owner, purpose: "testing", template: template), tenant: "default",
            by: env.platformAdmin)
    }

    func token(_ env: TestEnvironment, for identity: Identity) async throws -> String {
        let form = AccessTokenForm(issuer: urls.issuer, scopes: ["read"], audience: urls.issuer)
        let template = CredentialTemplate(tenant: "default", identity: identity, issuedAt: env.clock.now(), lifetime: 600, form: form)
        return try await env.credentials.tokenEndpoint.issuer.issue(template).signed.token
    }

    func find(_ env: TestEnvironment, _ id: String) async throws -> Identity {
        try await env.inventory.find(id, tenant: "default", by: env.platformAdmin)
    }

    func findings(_ env: TestEnvironment, status: FindingStatus? = nil) async throws -> [Finding] {
        try await env.store.read { try await $0.findings(tenant: "default", filter: FindingFilter(status: status), after: nil, limit: nil) }
    }

    @Test("SCIM deactivates alice: her identities are orphaned with revoked tokens, findings and audit; bob's are untouched", arguments: TestDatabases.engines)
    func scimDeparture(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let directory = Directory(store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom())
        let created = try await directory.createToken(CreateSCIMTokenRequest(description: "okta"), tenant: "default", by: env.platformAdmin)
        let okta = try #require(try await directory.authenticate(created.token))
        let alice = try await directory.createUser(
            JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice"}"#), tenant: "default", base: Self.base,
            by: okta)
        let working = try await register(env, "alice-bot", owner: "alice")
        let paused = try await env.inventory.suspend(
            try await register(env, "alice-paused", owner: "alice").id, reason: nil, tenant: "default", by: env.platformAdmin)
        let bobs = try await register(env, "bob-bot", owner: "bob")
        let aliceToken = try await token(env, for: working)
        let bobToken = try await token(env, for: bobs)
        let ownerToken = try await env.tenancy.createAdminToken(
            CreateAdminTokenRequest(role: "owner", subject: "alice"), tenant: "default", by: env.platformAdmin)
        #expect(await env.credentials.tokens.introspect(aliceToken, tenant: "default", urls: urls).active)

        let patch = try JSONValue.parse(
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#)
        _ = try await directory.patchUser(try #require(alice["id"]?.stringValue), with: patch, tenant: "default", base: Self.base, by: okta)

        let now = env.clock.now()
        for id in [working.id, paused.id] {
            let orphan = try await find(env, id)
            #expect(orphan.status == .orphaned)
            #expect(orphan.orphanedAt == now)
            #expect(orphan.orphanGraceEndsAt == now.addingTimeInterval(7 * 86_400), "the template's default grace period")
        }
        #expect(try await find(env, bobs.id).status == .active)
        #expect(await env.credentials.tokens.introspect(aliceToken, tenant: "default", urls: urls).active == false)
        #expect(await env.credentials.tokens.introspect(bobToken, tenant: "default", urls: urls).active)
        await #expect(throws: LanyardError.self, "the departed person's own admin token stops working") {
            try await env.tenancy.authenticate(bearer: ownerToken.token)
        }

        let open = try await findings(env)
        #expect(Set(open.map(\.subject)) == ["identity:\(working.id)", "identity:\(paused.id)"])
        #expect(open.allSatisfy { $0.kind == .orphanedIdentity && $0.status == .open && $0.details["owner"] == "alice" })
        let orphanEvents = try await env.events().filter { $0.action == "identity.orphan" }
        #expect(orphanEvents.count == 2)
        #expect(orphanEvents.allSatisfy { $0.actor == okta.actor && $0.details["reason"] == "SCIM: user deactivated" })
        #expect(try await env.events().contains { $0.action == "admin_token.revoke" && $0.target == "admin_token:\(ownerToken.info.id)" })

        // Deactivating again changes nothing and raises nothing twice.
        let events = try await env.events().count
        _ = try await directory.patchUser(try #require(alice["id"]?.stringValue), with: patch, tenant: "default", base: Self.base, by: okta)
        #expect(try await findings(env).count == 2)
        #expect(try await env.events().filter { $0.action == "identity.orphan" }.count == 2)
        #expect(try await env.events().count == events + 1, "only the SCIM update itself")
    }

    @Test("transfer brings an orphan back under an active owner; the grace period suspends the rest", arguments: TestDatabases.engines)
    func transferAndGrace(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let kept = try await register(env, "kept", owner: "alice")
        let left = try await register(env, "left", owner: "alice")
        _ = try await env.decisions.administration.setOwner("alice", active: false, reason: "left the company", tenant: "default", by: env.platformAdmin)
        #expect(try await find(env, kept.id).status == .orphaned)
        _ = try await env.decisions.administration.setOwner("carol", active: false, reason: "left too", tenant: "default", by: env.platformAdmin)

        // Refusals change nothing.
        let before = try await env.events().count
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.inventory.transfer(kept.id, to: "carol", reason: "handover", tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.inventory.transfer(kept.id, to: "  ", reason: "handover", tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.inventory.transfer(kept.id, to: "bob", reason: nil, tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.inventory.resume(kept.id, reason: nil, tenant: "default", by: env.platformAdmin)
        }
        #expect(try await env.events().count == before)
        #expect(try await find(env, kept.id).status == .orphaned)

        let transferred = try await env.inventory.transfer(kept.id, to: "bob", reason: "bob runs it now", tenant: "default", by: env.platformAdmin)
        #expect(transferred.status == .active && transferred.owner == "bob")
        #expect(transferred.orphanedAt == nil && transferred.orphanGraceEndsAt == nil)
        let event = try #require(try await env.events().last)
        #expect(event.action == "identity.transfer")
        #expect(event.details["from"] == "alice" && event.details["to"] == "bob" && event.details["reason"] == "bob runs it now")
        let resolved = try await findings(env, status: .resolved)
        #expect(resolved.map(\.subject) == ["identity:\(kept.id)"])
        #expect(event.details["resolvedFinding"] == resolved.first?.id)
        #expect(!(try await token(env, for: transferred)).isEmpty, "it acts again under bob")

        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        env.clock.advance(seconds: 7 * 86_400 - 1)
        #expect(try await sweeper.suspendOrphans() == 0, "still within the grace period")
        env.clock.advance(seconds: 1)
        #expect(try await sweeper.suspendOrphans() == 1)
        #expect(try await sweeper.suspendOrphans() == 0)
        let suspended = try await find(env, left.id)
        #expect(suspended.status == .suspended && suspended.orphanedAt != nil)
        #expect(try await find(env, kept.id).status == .active, "transferred: not suspended")
        let suspension = try #require(try await env.events().last)
        #expect(suspension.action == "identity.suspend" && suspension.actor == "system:sweeper" && suspension.target == "identity:\(left.id)")
        #expect(try await findings(env, status: .open).map(\.subject) == ["identity:\(left.id)"], "still open: nobody took it")
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.inventory.resume(left.id, reason: nil, tenant: "default", by: env.platformAdmin)
        }
        let rescued = try await env.inventory.transfer(left.id, to: "bob", reason: "late handover", tenant: "default", by: env.platformAdmin)
        #expect(rescued.status == .suspended, "the new owner resumes it")
        #expect(try await findings(env, status: .open).isEmpty)
        #expect(try await env.inventory.resume(left.id, reason: "checked", tenant: "default", by: env.platformAdmin).status == .active)
    }

    @Test("the grace period comes from the template, and an orphan past its expiry expires")
    func templateGraceAndExpiry() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "short-grace", defaultTTL: "2d", maxTTL: "3d", allowedScopes: ["read"], orphanGracePeriod: "1h"),
            tenant: "default", by: env.platformAdmin)
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.templates.create(
                CreateTemplateRequest(name: "too-long", defaultTTL: "2d", maxTTL: "3d", orphanGracePeriod: "91d"), tenant: "default",
                by: env.platformAdmin)
        }
        let quick = try await register(env, "quick", owner: "dave", template: "short-grace")
        _ = try await env.decisions.administration.setOwner("dave", active: false, reason: nil, tenant: "default", by: env.platformAdmin)
        #expect(try await find(env, quick.id).orphanGraceEndsAt == env.clock.now().addingTimeInterval(3600))
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        env.clock.advance(seconds: 2 * 86_400)
        #expect(try await sweeper.sweep() == 1, "an orphan expires like any identity")
        #expect(try await find(env, quick.id).status == .expired)
        #expect(try await findings(env, status: .resolved).first?.resolution == "identity expired")
    }

    @Test("a template's owner group: only its members own its identities, and leaving the group orphans just those", arguments: TestDatabases.engines)
    func ownerGroup(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let idp = try await Provisioning(env)
        let alice = try await idp.user("alice")
        let bob = try await idp.user("bob")
        let group = try await idp.group("ml-platform", members: [alice])
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "ml-agent", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["read"], ownerGroup: "ml-platform"),
            tenant: "default", by: env.platformAdmin)

        await #expect(throws: LanyardError(.invalidField, "")) { try await register(env, "bobs", owner: "bob", template: "ml-agent") }
        let guarded = try await register(env, "guarded", owner: "alice", template: "ml-agent")
        let other = try await register(env, "other", owner: "alice")
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.inventory.transfer(guarded.id, to: "bob", reason: "not in the group", tenant: "default", by: env.platformAdmin)
        }

        try await idp.patchGroup(group, #"[{"op":"remove","path":"members[value eq \"\#(alice)\"]"}]"#)
        #expect(try await find(env, guarded.id).status == .orphaned)
        #expect(try await find(env, other.id).status == .active, "a template without the group keeps its identities")
        let event = try #require(try await env.events().first { $0.action == "identity.orphan" })
        #expect(event.details["reason"] == "left the group 'ml-platform' their identity's template requires")

        try await idp.patchGroup(group, #"[{"op":"add","path":"members","value":[{"value":"\#(bob)"}]}]"#)
        let moved = try await env.inventory.transfer(guarded.id, to: "bob", reason: "bob is in ml-platform", tenant: "default", by: env.platformAdmin)
        #expect(moved.status == .active && moved.owner == "bob")
        try await idp.directory.deleteGroup(group, tenant: "default", by: idp.provisioner)
        #expect(try await find(env, guarded.id).status == .orphaned, "a deleted group leaves every member out")
    }
}
