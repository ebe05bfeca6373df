import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing
import LanyardStorage

@Suite("Tenants, administrator tokens and isolation")
struct TenancyTests {
    @Test("bootstrap creates the default tenant with built-in templates and one platform token, once")
    func bootstrap() async throws {
        let env = try await TestEnvironment.make()
        #expect(env.platformToken.hasPrefix("lyadm_"))
        #expect(try await env.tenancy.bootstrap(providedToken: nil) == nil)
        let names = try await env.templates.list(tenant: "default", by: env.platformAdmin).map(\.name)
        #expect(names == ["agent", "app", "pipeline", "prototype"])
        let prototype = try await env.templates.find("prototype", tenant: "default", by: env.platformAdmin)
        #expect(prototype.defaultTTL == .days(14))
        #expect(prototype.maxTTL == .days(30))
        #expect(prototype.environments == [.sandbox])
    }

    @Test("a provided bootstrap token becomes a platform token")
    func providedToken() async throws {
        let env = try await TestEnvironment.make()
        let chosen = "operator-chosen-token-0123456789abcdef"
        #expect(try await env.tenancy.bootstrap(providedToken: chosen) == nil)
        #expect(try await env.tenancy.authenticate(bearer: chosen).role == .platformAdmin)
        await #expect(throws: LanyardError(.invalidConfiguration, "")) { try await env.tenancy.bootstrap(providedToken: "short") }
    }

    @Test("tokens are stored only as hashes and unknown tokens are refused")
    func hashedTokens() async throws {
        let env = try await TestEnvironment.make()
        let hash = TokenHasher.hash(env.platformToken)
        let record = try await env.store.read { try await $0.adminToken(hash: hash) }
        #expect(record?.tokenHash == hash)
        #expect(record?.tokenHash != env.platformToken)
        await #expect(throws: LanyardError(.unauthenticated, "")) { try await env.tenancy.authenticate(bearer: env.platformToken + "x") }
        await #expect(throws: LanyardError(.unauthenticated, "")) { try await env.tenancy.authenticate(bearer: "") }
    }

    @Test("a tenant admin can neither read nor write another tenant")
    func isolation() async throws {
        let env = try await TestEnvironment.make()
        let (acme, acmeToken) = try await env.tenancy.createTenant(CreateTenantRequest(name: "acme"), by: env.platformAdmin)
        #expect(acme.trustDomain == "acme.example.test")
        let acmeAdmin = try await env.tenancy.authenticate(bearer: acmeToken)
        #expect(acmeAdmin.role == .tenantAdmin)

        let bot = try await env.inventory.register(
            RegisterIdentityRequest(name: "bot", kind: "agent", owner: "alice", purpose: "p"), tenant: "default", by: env.platformAdmin
        )
        let forbidden = LanyardError(.forbidden, "")
        await #expect(throws: forbidden) { try await env.inventory.find(bot.id, tenant: "default", by: acmeAdmin) }
        await #expect(throws: forbidden) { try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: acmeAdmin) }
        await #expect(throws: forbidden) {
            try await env.inventory.register(RegisterIdentityRequest(name: "evil", kind: "agent", owner: "m", purpose: "p"), tenant: "default", by: acmeAdmin)
        }
        await #expect(throws: forbidden) { try await env.inventory.suspend(bot.id, reason: nil, tenant: "default", by: acmeAdmin) }
        await #expect(throws: forbidden) { try await env.templates.list(tenant: "default", by: acmeAdmin) }
        await #expect(throws: forbidden) { try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: acmeAdmin) }
        // Addressing the other tenant's identity through one's own tenant finds nothing.
        await #expect(throws: LanyardError(.notFound, "")) { try await env.inventory.find(bot.id, tenant: "acme", by: acmeAdmin) }
        // Its own tenant works, and the same name may exist in both tenants.
        let own = try await env.inventory.register(
            RegisterIdentityRequest(name: "bot", kind: "agent", owner: "carol", purpose: "p"), tenant: "acme", by: acmeAdmin)
        #expect(own.spiffeId == "spiffe://acme.example.test/agent/bot")
        #expect(try await env.tenancy.list(by: acmeAdmin).map(\.name) == ["acme"])
        #expect(try await env.tenancy.list(by: env.platformAdmin).map(\.name) == ["acme", "default"])
    }

    @Test("custom templates are validated, audited and cannot replace existing ones")
    func customTemplates() async throws {
        let env = try await TestEnvironment.make()
        let made = try await env.templates.create(
            CreateTemplateRequest(name: "notebook", defaultTTL: "3d", maxTTL: "7d", environments: ["sandbox", "dev"], allowedScopes: ["read"]),
            tenant: "default", by: env.platformAdmin
        )
        #expect(made.maxTTL.description == "7d")
        #expect(try await env.events().last?.action == "template.create")
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await env.templates.create(CreateTemplateRequest(name: "agent", defaultTTL: "1d", maxTTL: "900d"), tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError.invalid("defaultTTL", "")) {
            try await env.templates.create(CreateTemplateRequest(name: "x", defaultTTL: "9d", maxTTL: "7d"), tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError.invalid("allowedScopes", "")) {
            try await env.templates.create(
                CreateTemplateRequest(name: "y", defaultTTL: "1d", maxTTL: "7d", allowedScopes: ["has space"]), tenant: "default", by: env.platformAdmin)
        }
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(name: "nb", kind: "prototype", owner: "o", purpose: "p", template: "notebook"), tenant: "default", by: env.platformAdmin
        )
        #expect(identity.expiresAt == env.clock.now().addingTimeInterval(3 * 86_400))
    }
}
