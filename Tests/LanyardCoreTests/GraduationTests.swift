import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("Graduation: a prototype becomes a managed identity, the prototype retires, both point at each other")
struct GraduationTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func token(_ env: TestEnvironment, for identity: Identity) async throws -> String {
        let form = AccessTokenForm(issuer: urls.issuer, scopes: ["read"], audience: urls.issuer)
        let template = CredentialTemplate(tenant: "default", identity: identity, issuedAt: env.clock.now(), lifetime: 600, form: form)
        return try await env.credentials.tokenEndpoint.issuer.issue(template).signed.token
    }

    func prototype(_ env: TestEnvironment) async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(
                name: "summariser", kind: "prototype", owner: "alice", backupOwner: "ml-team", purpose: "summarise tickets",
                allowedDestinations: ["tickets"]),
            tenant: "default", by: env.platformAdmin)
    }

    @Test("the prototype's credentials and trusts die, the managed identity is new and active, the audit log tells it all", arguments: TestDatabases.engines)
    func graduates(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let proto = try await prototype(env)
        _ = try await env.inventory.addTrust(
            AddTrustRequest(issuer: "https://ci.example.com", audience: "lanyard"), identity: proto.id, tenant: "default", by: env.platformAdmin)
        let old = try await token(env, for: proto)
        let task = WorkloadTask(
            id: "tsk_proto", tenant: "default", identity: proto.id, intent: "summarise", openedAt: env.clock.now(),
            expiresAt: env.clock.now().addingTimeInterval(600))
        try await env.store.write { try await $0.insertTask(task) }

        let graduation = try await env.inventory.graduate(
            proto.name, into: GraduateIdentityRequest(name: "summariser-svc", owner: "bob", template: "app", reason: "the pilot worked"),
            tenant: "default", by: env.platformAdmin)
        let managed = graduation.identity
        let retired = graduation.prototype
        #expect(managed.stage == .managed && managed.status == .active && managed.owner == "bob" && managed.kind == .app)
        #expect(managed.graduatedFrom == proto.id && retired.graduatedTo == managed.id)
        #expect(managed.purpose == "summarise tickets" && managed.backupOwner == "ml-team" && managed.allowedDestinations == ["tickets"])
        #expect(managed.publicKeys.isEmpty && managed.id != proto.id)
        #expect(retired.status == .offboarded && retired.offboardingTrigger == .graduation)
        #expect(retired.offboardReason == "graduated to 'summariser-svc': the pilot worked")
        #expect(try await env.inventory.find(proto.id, tenant: "default", by: env.platformAdmin) == retired)
        #expect(await env.credentials.tokens.introspect(old, tenant: "default", urls: urls).active == false)
        #expect(try await env.inventory.trusts(identity: proto.id, tenant: "default", by: env.platformAdmin).isEmpty)

        let story = try await env.events().suffix(2)
        #expect(story.map(\.action) == ["identity.register", "identity.graduate"])
        #expect(story.first?.target == "identity:\(managed.id)")
        #expect(story.last?.target == "identity:\(proto.id)")
        #expect(story.last?.details["to"] == managed.id && story.last?.details["removedTrusts"] == "1")
        #expect(story.last?.details["revokedCredentials"] == "1")
        #expect(story.last?.details["endedTasks"] == "1")
        #expect(try await env.store.read { try await $0.task(tenant: "default", id: "tsk_proto") }?.endedAt == env.clock.now())
        #expect(await env.credentials.tokens.introspect(try await token(env, for: managed), tenant: "default", urls: urls).active)
    }

    @Test("refusals change nothing: not a managed template, an inactive owner, a taken name, twice, not a prototype")
    func refusals() async throws {
        let env = try await TestEnvironment.make()
        let proto = try await prototype(env)
        _ = try await env.decisions.administration.setOwner("carol", active: false, reason: "left", tenant: "default", by: env.platformAdmin)
        let before = try await env.events().count
        func graduate(_ name: String, owner: String = "bob", template: String = "app", _ id: String? = nil) async throws -> Graduation {
            try await env.inventory.graduate(
                id ?? proto.id, into: GraduateIdentityRequest(name: name, owner: owner, template: template, reason: "r"), tenant: "default",
                by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) { try await graduate("svc", template: "prototype") }
        await #expect(throws: LanyardError(.invalidState, "")) { try await graduate("svc", owner: "carol") }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await graduate("summariser") }
        await #expect(throws: LanyardError(.invalidField, "")) { try await graduate("Bad Name") }
        #expect(try await env.events().count == before)
        #expect(try await env.inventory.find(proto.id, tenant: "default", by: env.platformAdmin) == proto)
        #expect(try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: env.platformAdmin).map(\.name) == ["summariser"])

        let done = try await graduate("svc")
        await #expect(throws: LanyardError(.invalidState, "")) { try await graduate("svc-2") }
        await #expect(throws: LanyardError(.invalidState, "")) { try await graduate("svc-3", done.identity.id) }
    }
}
