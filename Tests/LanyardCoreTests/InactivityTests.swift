import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("The inactivity trigger: identities that stop getting credentials are offboarded")
struct InactivityTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func register(_ env: TestEnvironment, _ name: String, trigger: String) async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: "alice", purpose: "testing", offboardingTrigger: trigger),
            tenant: "default", by: env.platformAdmin)
    }

    func issue(_ env: TestEnvironment, for identity: Identity) async throws -> String {
        let form = AccessTokenForm(issuer: urls.issuer, scopes: ["read"], audience: urls.issuer)
        let template = CredentialTemplate(tenant: "default", identity: identity, issuedAt: env.clock.now(), lifetime: 600, form: form)
        return try await env.credentials.tokenEndpoint.issuer.issue(template).signed.token
    }

    @Test("idle for the template's period: offboarded by the sweeper, once; used recently or another trigger: untouched", arguments: TestDatabases.engines)
    func offboardsIdle(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let idle = try await register(env, "idle", trigger: "inactivity")
        let busy = try await register(env, "busy", trigger: "inactivity")
        let other = try await register(env, "other", trigger: "expiry")
        _ = try await env.inventory.addTrust(
            AddTrustRequest(issuer: "https://ci.example.com", audience: "lanyard"), identity: idle.id, tenant: "default", by: env.platformAdmin)
        let early = try await issue(env, for: idle)
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))

        env.clock.advance(seconds: 20 * 86_400)
        _ = try await issue(env, for: busy)
        #expect(try await sweeper.offboardIdle() == 0, "nobody idle for 30 days yet")
        env.clock.advance(seconds: 10 * 86_400 + 1)
        #expect(try await sweeper.offboardIdle() == 1)
        #expect(try await sweeper.offboardIdle() == 0, "once")

        let retired = try await env.inventory.find(idle.id, tenant: "default", by: env.platformAdmin)
        #expect(retired.status == .offboarded && retired.offboardReason == "no credential issued for 30d (offboarding trigger: inactivity)")
        #expect(try await env.inventory.find(busy.id, tenant: "default", by: env.platformAdmin).status == .active, "issued 10 days ago")
        #expect(try await env.inventory.find(other.id, tenant: "default", by: env.platformAdmin).status == .active, "another trigger")
        #expect(try await env.inventory.trusts(identity: idle.id, tenant: "default", by: env.platformAdmin).isEmpty)
        _ = early
        let event = try #require(try await env.events().last { $0.action == "identity.offboard" })
        #expect(event.actor == "system:sweeper" && event.target == "identity:\(idle.id)" && event.details["removedTrusts"] == "1")
    }
}
