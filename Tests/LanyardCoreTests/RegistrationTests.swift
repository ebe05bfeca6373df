import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing

@Suite("Registering identities")
struct RegistrationTests {
    func request(
        _ name: String = "support-bot", kind: String = "agent", owner: String? = "alice", purpose: String? = "triage tickets",
        environment: String? = "sandbox", template: String? = nil, expiresIn: String? = nil, dataClass: String? = nil
    ) -> RegisterIdentityRequest {
        RegisterIdentityRequest(
            name: name, kind: kind, owner: owner, purpose: purpose, environment: environment,
            template: template, expiresIn: expiresIn, dataClass: dataClass)
    }

    @Test("a valid registration stores the identity with template defaults and a SPIFFE ID")
    func registers() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await env.inventory.register(request(), tenant: "default", by: env.platformAdmin)
        #expect(identity.status == .active)
        #expect(identity.template == "agent")
        #expect(identity.spiffeId == "spiffe://example.test/agent/support-bot")
        #expect(identity.expiresAt == env.clock.now().addingTimeInterval(30 * 86_400))
        #expect(identity.dataClass == .internal)
        #expect(identity.createdBy == env.platformAdmin.actor)
        let stored = try await env.inventory.find(identity.id, tenant: "default", by: env.platformAdmin)
        #expect(stored == identity)
        #expect(try await env.inventory.find("support-bot", tenant: "default", by: env.platformAdmin) == identity)
    }

    @Test(
        "refusals name the field and store nothing",
        arguments: [
            ("owner", RegisterIdentityRequest(name: "a", kind: "agent", owner: nil, purpose: "p")),
            ("owner", RegisterIdentityRequest(name: "a", kind: "agent", owner: "  ", purpose: "p")),
            ("purpose", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: nil)),
            ("kind", RegisterIdentityRequest(name: "a", kind: "robot", owner: "o", purpose: "p")),
            ("name", RegisterIdentityRequest(name: "Bad Name", kind: "agent", owner: "o", purpose: "p")),
            ("expiresIn", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: "p", expiresIn: "91d")),
            ("expiresIn", RegisterIdentityRequest(name: "a", kind: "prototype", owner: "o", purpose: "p", expiresIn: "31d")),
            ("expiresIn", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: "p", expiresIn: "forever")),
            ("environment", RegisterIdentityRequest(name: "a", kind: "prototype", owner: "o", purpose: "p", environment: "production")),
            ("environment", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: "p", environment: "moon")),
            ("dataClass", RegisterIdentityRequest(name: "a", kind: "prototype", owner: "o", purpose: "p", dataClass: "regulated")),
            ("template", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: "p", template: "nope")),
            (
                "publicKeys",
                RegisterIdentityRequest(
                    name: "a", kind: "agent", owner: "o", purpose: "p", publicKeys: [.object(["kty": .string("OKP"), "d": .string("secret")])])
            ),
            ("publicKeys", RegisterIdentityRequest(name: "a", kind: "agent", owner: "o", purpose: "p", publicKeys: [.string("not a jwk")])),
        ])
    func refuses(field: String, request: RegisterIdentityRequest) async throws {
        let env = try await TestEnvironment.make()
        let eventsBefore = try await env.events().count
        do {
            _ = try await env.inventory.register(request, tenant: "default", by: env.platformAdmin)
            Issue.record("registration of \(request) should have been refused")
        } catch let error as LanyardError {
            #expect(error.code == .invalidField)
            #expect(error.field == field)
            #expect(!error.message.isEmpty)
        }
        let stored = try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: env.platformAdmin)
        #expect(stored.isEmpty)
        #expect(try await env.events().count == eventsBefore)
    }

    @Test("expiry over the template cap is refused with the cap in the message")
    func capMessage() async throws {
        let env = try await TestEnvironment.make()
        await #expect {
            try await env.inventory.register(request(expiresIn: "100d"), tenant: "default", by: env.platformAdmin)
        } throws: { error in
            (error as? LanyardError)?.message.contains("90d") == true
        }
    }

    @Test("a duplicate name is a conflict and the first identity is untouched")
    func duplicate() async throws {
        let env = try await TestEnvironment.make()
        let first = try await env.inventory.register(request(), tenant: "default", by: env.platformAdmin)
        let eventsBefore = try await env.events().count
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await env.inventory.register(request(kind: "app", owner: "mallory", environment: "dev"), tenant: "default", by: env.platformAdmin)
        }
        #expect(try await env.inventory.find("support-bot", tenant: "default", by: env.platformAdmin) == first)
        #expect(try await env.events().count == eventsBefore)
    }

    @Test("each registration appends one audit event with the identity after the change")
    func audited() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await env.inventory.register(request(), tenant: "default", by: env.platformAdmin)
        let event = try #require(try await env.events().last)
        #expect(event.action == "identity.register")
        #expect(event.target == "identity:\(identity.id)")
        #expect(event.actor == env.platformAdmin.actor)
        #expect(event.before == nil)
        #expect(event.after?["name"] == .string("support-bot"))
    }
}
