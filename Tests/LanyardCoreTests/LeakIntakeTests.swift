import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("Leak intake: one revocation path — derived tokens, idempotency, the compromised status, refusals")
struct LeakIntakeTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    var issuers: @Sendable (String) -> String? {
        let prefix = "https://lanyard.test/t/"
        return { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
    }

    func issue(_ env: TestEnvironment, _ workload: TestWorkload) async throws -> String {
        try await env.credentials.tokenEndpoint.issue(try await workload.tokenRequest(env, urls: urls), tenant: "default", urls: urls).accessToken
    }

    func exchange(_ env: TestEnvironment, _ parent: String) async throws -> String {
        let form = ["grant_type": TokenRequest.tokenExchange, "subject_token": parent, "subject_token_type": TokenRequest.accessTokenType]
        return try await env.credentials.tokenEndpoint.issue(TokenRequest(form: form), tenant: "default", urls: urls).accessToken
    }

    func active(_ env: TestEnvironment, _ token: String) async -> Bool {
        await env.credentials.tokens.introspect(token, tenant: "default", urls: urls).active
    }

    func report(
        _ env: TestEnvironment, _ tokens: [String], door: LeakDoor = .api, tenant: String? = "default", intake: LeakIntake? = nil
    ) async throws -> [LeakIntake.Outcome] {
        let submissions = tokens.map { LeakIntake.Submission(token: $0, type: "lanyard", location: "ci.log:7", source: "test") }
        return try await (intake ?? env.credentials.leaks).report(
            submissions, door: door, tenant: tenant, actor: "test:scanner", receivedAt: env.clock.now(), tenantOfIssuer: issuers)
    }

    func leakedFindings(_ env: TestEnvironment) async throws -> [Finding] {
        try await env.store.read {
            try await $0.findings(tenant: "default", filter: FindingFilter(kind: .leakedCredential), after: nil, limit: nil)
        }
    }

    @Test("a leaked token dies with every token exchanged from it and its identity's others; a second report revokes nothing", arguments: TestDatabases.engines)
    func revokesDerivedAndIsIdempotent(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let leaky = try await TestWorkload.register(env, "leaky")
        let careful = try await TestWorkload.register(env, "careful")
        let parent = try await issue(env, leaky)
        let child = try await exchange(env, parent)
        let grandchild = try await exchange(env, child)
        let sibling = try await issue(env, leaky)
        let safe = try await issue(env, careful)
        for token in [parent, child, grandchild, sibling, safe] { #expect(await active(env, token)) }

        let first = try #require(try await report(env, [child]).first)
        let report = try #require(first.report)
        #expect(report.outcome == .revoked && !first.repeated && !first.refused)
        #expect(report.kind == .accessToken && report.identity == leaky.identity.id && report.tokenHash == TokenHasher.hash(child))
        #expect(report.revokedAt == env.clock.now() && report.revokeMilliseconds == 0 && report.revokedCount == 4)
        for token in [parent, child, grandchild, sibling] { #expect(await active(env, token) == false) }
        #expect(await active(env, safe), "another identity is untouched")
        #expect(try await env.inventory.find(leaky.identity.id, tenant: "default", by: env.platformAdmin).status == .compromised)
        await #expect(throws: (any Error).self, "a compromised identity gets no token") { try await issue(env, leaky) }
        let findings = try await leakedFindings(env)
        #expect(findings.map(\.subject) == ["identity:\(leaky.identity.id)"] && findings.first?.severity == .critical)
        let actions = try await env.events().map(\.action)
        #expect(actions.filter { $0 == "leak.report" }.count == 1 && actions.filter { $0 == "identity.compromise" }.count == 1)
        #expect(actions.contains("credential.revoke"))
        #expect(try await env.events().allSatisfy { !$0.details.values.contains(child) }, "the raw token is never recorded")

        env.clock.advance(seconds: 5)
        let again = try #require(try await self.report(env, [child], door: .github, tenant: nil).first)
        #expect(again.repeated && again.report == report, "the earlier report is the answer")
        #expect(try await env.events().map(\.action) == actions, "nothing revoked or recorded twice")
        let stored = try await env.store.read { try await $0.leakReports(tenant: "default", after: nil, limit: nil) }
        #expect(stored == [report])

        let unknown = try await self.report(env, ["not-a-lanyard-token", "a.b.c", "lyadm_nothing", safe + "x"])
        #expect(unknown.map(\.name) == ["unknown", "unknown", "unknown", "unknown"])
        #expect(await active(env, safe))
    }

    @Test("compromised is cleared only by resume with a reason, by someone allowed to resume; the finding is resolved", arguments: TestDatabases.engines)
    func compromisedTransitions(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let leaky = try await TestWorkload.register(env, "leaky", owner: "alice")
        let token = try await issue(env, leaky)
        _ = try await report(env, [token])
        let id = leaky.identity.id
        let owner = try await env.tenancy.authenticate(
            bearer: try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "owner", subject: "alice"), tenant: "default", by: env.platformAdmin)
                .token)
        let stranger = try await env.tenancy.authenticate(
            bearer: try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "owner", subject: "bob"), tenant: "default", by: env.platformAdmin)
                .token)
        await #expect(throws: LanyardError(.invalidField, "")) { try await env.inventory.resume(id, reason: nil, tenant: "default", by: owner) }
        await #expect(throws: LanyardError(.forbidden, "")) { try await env.inventory.resume(id, reason: "mine now", tenant: "default", by: stranger) }
        await #expect(throws: LanyardError(.invalidState, ""), "compromised is not suspended") {
            try await env.inventory.suspend(id, reason: nil, tenant: "default", by: owner)
        }
        #expect(try await env.inventory.find(id, tenant: "default", by: env.platformAdmin).status == .compromised)

        env.clock.advance(seconds: 2)
        let resumed = try await env.inventory.resume(id, reason: "key rotated, history rewritten", tenant: "default", by: owner)
        #expect(resumed.status == .active)
        let finding = try #require(try await leakedFindings(env).first)
        #expect(finding.status == .resolved && finding.resolution?.contains("key rotated") == true)
        let event = try #require(try await env.events().last { $0.action == "identity.resume" })
        #expect(event.details["cleared"] == "compromised" && event.details["resolvedFinding"] == finding.id)
        #expect(try await active(env, issue(env, leaky)), "it acts again")
        #expect(await active(env, token) == false, "the leaked token stays dead")
    }

    @Test("a token of another tenant through a tenant door is refused and audited; a spent budget refuses the whole report", arguments: TestDatabases.engines)
    func refusals(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let workload = try await TestWorkload.register(env, "target")
        let token = try await issue(env, workload)

        let refused = try #require(try await report(env, [token], tenant: "other").first)
        #expect(refused.refused && refused.report == nil && refused.name == "refused")
        #expect(await active(env, token))
        let refusal = try #require(try await env.events("other").last { $0.action == "leak.refuse" })
        #expect(refusal.details["reason"] == "a token of another tenant" && refusal.details["tokenHash"] == TokenHasher.hash(token))

        let small = LeakIntake(
            store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom(), ring: env.keys.ring,
            limiter: LeakRateLimiter(capacity: 2, refillPerSecond: 1))
        await #expect(throws: LanyardError(.rateLimited, "")) { try await report(env, [token, "b", "c"], intake: small) }
        #expect(await active(env, token), "nothing of a refused report is processed")
        #expect(try await env.events().contains { $0.action == "leak.refuse" && $0.details["reason"] == "rate limited" })
        #expect(try await report(env, ["a", "b"], intake: small).count == 2)
        await #expect(throws: LanyardError(.rateLimited, "")) { try await report(env, ["c"], intake: small) }
        env.clock.advance(seconds: 1)
        #expect(try await report(env, ["c"], intake: small).count == 1, "the bucket refills with time")

        // Refusals are audited within a budget: a flood of bad requests at an open door does not flood the audit log.
        let guarded = LeakIntake(
            store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom(), ring: env.keys.ring,
            refusals: LeakRateLimiter(capacity: 3, refillPerSecond: 1))
        let before = try await env.events().filter { $0.action == "leak.refuse" }.count
        for _ in 0..<10 { try await guarded.refuse(door: .github, tenant: nil, actor: "github", reason: "bad signature") }
        #expect(try await env.events().filter { $0.action == "leak.refuse" }.count == before + 3)

        await #expect(throws: LanyardError(.invalidField, "")) { try await report(env, [""]) }
        await #expect(throws: LanyardError(.invalidField, "")) { try await report(env, [String(repeating: "x", count: 16_385)]) }
    }

    @Test("a JWT-SVID's tenant comes from the trust domain of its SPIFFE ID")
    func trustDomains() {
        #expect(LeakedToken.trustDomain(of: "spiffe://acme.example/agent/bot") == "acme.example")
        #expect(LeakedToken.trustDomain(of: "spiffe://acme.example") == "acme.example")
        #expect(LeakedToken.trustDomain(of: "spiffe:///agent") == nil)
        #expect(LeakedToken.trustDomain(of: "https://acme.example/agent") == nil)
    }

    @Test("the rate limiter keeps doors and tenants apart")
    func limiterBuckets() {
        let limiter = LeakRateLimiter(capacity: 3, refillPerSecond: 0)
        let now = Date(timeIntervalSince1970: 1000)
        #expect(limiter.take(3, door: .api, tenant: "a", at: now))
        #expect(!limiter.take(1, door: .api, tenant: "a", at: now))
        #expect(limiter.take(3, door: .github, tenant: "a", at: now))
        #expect(limiter.take(3, door: .api, tenant: "b", at: now))
        #expect(!limiter.take(4, door: .gitlab, tenant: "a", at: now), "more than the capacity is never granted")
    }
}
