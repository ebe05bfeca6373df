import Foundation
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing
import X509

@Suite("Automatic renewal of intermediate CAs and signing keys, safe when several nodes race")
struct CredentialRenewalTests {
    static let month: TimeInterval = 30 * 86_400

    /// The key ids the ring publishes in the `default` tenant's JWKS.
    static func publishedKIDs(_ ring: KeyRing) -> [String] {
        guard case .array(let keys)? = ring.jwks(tenant: "default")?["keys"] else { return [] }
        return keys.compactMap { $0["kid"]?.stringValue }
    }

    /// A second node on the same database: its own caches and key ring, the same store, KEK and clock.
    struct OtherNode {
        let keys: KeyManagement
        let authorities = X509Authorities()

        init(_ env: TestEnvironment) async throws {
            keys = KeyManagement(store: env.store, audit: env.audit, clock: env.clock, ring: KeyRing(kek: env.kek))
            try await keys.loadAll()
        }
    }

    @Test("an intermediate is renewed once less than a third of its lifetime is left, audited, and signs from then on", arguments: TestDatabases.engines)
    func intermediateRenewal(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let authorities = env.credentials.state.authorities
        let renew = { try await authorities.renewIfDue(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now()) }
        #expect(try await renew() == false, "no CA yet: it is made on first use, not by the renewal")
        let first = try await authorities.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now())
        env.clock.advance(seconds: 7 * Self.month)  // 5 of 12 months left
        #expect(try await renew() == false)
        env.clock.advance(seconds: 2 * Self.month)  // 3 of 12 left: under a third
        #expect(try await renew())
        #expect(try await renew() == false, "renewed once")

        let now = env.clock.now()
        let current = try await authorities.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: now)
        #expect(current.generation == 2)
        #expect(current.intermediate.certificateDER != first.intermediate.certificateDER)
        #expect(SPIFFECertificateAuthority.der(current.root) == SPIFFECertificateAuthority.der(first.root), "same root: old SVIDs still chain")
        #expect(current.intermediate.certificate.issuer == first.root.subject)
        #expect(current.intermediate.certificate.notValidAfter > first.intermediate.certificate.notValidAfter)
        let events = try await env.events().filter { $0.action == "spiffe.ca.renew" }
        #expect(events.count == 1)
        #expect(events.first?.actor == "system:renewal")
        #expect(events.first?.details["generation"] == "2")
    }

    @Test("three nodes renewing the same intermediate at once: one renewal lands, one event, every node signs with it", arguments: TestDatabases.engines)
    func intermediateRace(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let others = [try await OtherNode(env), try await OtherNode(env)]
        let all = [env.credentials.state.authorities] + others.map(\.authorities)
        let rings = [env.keys.ring] + others.map(\.keys.ring)
        for (authorities, ring) in zip(all, rings) {
            _ = try await authorities.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: ring, now: env.clock.now())
        }
        env.clock.advance(seconds: 9 * Self.month)
        let now = env.clock.now()
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (authorities, ring) in zip(all, rings) {
                group.addTask { try await authorities.renewIfDue(tenant: "default", store: env.store, audit: env.audit, ring: ring, now: now) }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await env.events().filter { $0.action == "spiffe.ca.renew" }.count == 1)
        let stored = try await env.store.read { try await $0.certificateAuthorities(tenant: "default") }.first { $0.role == .intermediate }
        #expect(stored?.generation == 2)
        for (authorities, ring) in zip(all, rings) {
            let hierarchy = try await authorities.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: ring, now: now)
            #expect(hierarchy.intermediate.certificateDER == stored?.certificateDER, "losers took the winner's intermediate")
        }
    }

    @Test("a node that did not renew picks up the renewed intermediate at its next refresh, not at its old one's expiry")
    func refreshPicksUpRenewal() async throws {
        let env = try await TestEnvironment.make()
        let other = try await OtherNode(env)
        let before = try await other.authorities.hierarchy(
            tenant: "default", store: env.store, audit: env.audit, ring: other.keys.ring, now: env.clock.now())
        env.clock.advance(seconds: 9 * Self.month)
        #expect(
            try await env.credentials.state.authorities.renewIfDue(
                tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now()))
        let stale = try await other.authorities.hierarchy(
            tenant: "default", store: env.store, audit: env.audit, ring: other.keys.ring, now: env.clock.now())
        #expect(stale.generation == before.generation, "cached until refreshed")

        let refresh = CredentialRefresh(
            store: env.store, clock: env.clock, keys: other.keys, authorities: other.authorities, interval: .seconds(10),
            logger: Logger(label: "test"))
        _ = try await refresh.refresh([:])
        let fresh = try await other.authorities.hierarchy(
            tenant: "default", store: env.store, audit: env.audit, ring: other.keys.ring, now: env.clock.now())
        #expect(fresh.generation == 2)
    }

    @Test("signing keys are rotated at their maximum age, audited like a manual rotation; the old key stays published", arguments: TestDatabases.engines)
    func keyRotationByAge(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let maxAge = TimeSpan.days(30)
        let before = try await env.store.read { try await $0.signingKeys(tenant: "default") }
        let oldActive = Set(before.filter { $0.state == .active }.map(\.kid))
        env.clock.advance(seconds: 29 * 86_400)
        #expect(try await env.keys.rotateIfDue(tenant: "default", maxAge: maxAge).isEmpty)
        env.clock.advance(seconds: 86_400)
        #expect(Set(try await env.keys.rotateIfDue(tenant: "default", maxAge: maxAge)) == Set(SigningAlgorithm.allCases))
        #expect(try await env.keys.rotateIfDue(tenant: "default", maxAge: maxAge).isEmpty, "the new active key is young")

        let after = try await env.store.read { try await $0.signingKeys(tenant: "default") }
        let retired = after.filter { oldActive.contains($0.kid) }
        #expect(retired.allSatisfy { $0.state == .retired && ($0.publishUntil ?? .distantPast) > env.clock.now() })
        #expect(after.filter { $0.state == .active }.count == SigningAlgorithm.allCases.count)
        #expect(after.filter { $0.state == .next }.count == SigningAlgorithm.allCases.count)
        let published = Set(Self.publishedKIDs(env.keys.ring))
        #expect(oldActive.isSubset(of: published), "tokens signed by the old keys still verify")
        let rotations = try await env.events().filter { $0.action == "keys.rotate" }
        #expect(rotations.count == 1)
        #expect(rotations.first?.actor == "system:renewal" && rotations.first?.details["reason"] == "max_age")

        // Another month: the keys activated by the first rotation are due now.
        env.clock.advance(seconds: 30 * 86_400)
        #expect(!(try await env.keys.rotateIfDue(tenant: "default", maxAge: maxAge)).isEmpty)
    }

    @Test("nodes rotating the same keys at once: one rotation lands, one event, and every node publishes its keys", arguments: TestDatabases.engines)
    func keyRotationRace(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let nodes = [env.keys] + [try await OtherNode(env).keys, try await OtherNode(env).keys]
        env.clock.advance(seconds: 31 * 86_400)
        let rotated = try await withThrowingTaskGroup(of: Int.self) { group in
            for keys in nodes { group.addTask { try await keys.rotateIfDue(tenant: "default", maxAge: .days(30)).count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(rotated.filter { $0 > 0 } == [SigningAlgorithm.allCases.count])
        #expect(try await env.events().filter { $0.action == "keys.rotate" }.count == 1)
        let keys = try await env.store.read { try await $0.signingKeys(tenant: "default") }
        #expect(keys.count == 3 * SigningAlgorithm.allCases.count, "active, next and one retired per algorithm; nothing twice")
        let stored = Set(keys.map(\.kid))
        for node in nodes {
            // A node that lost the race mid-transaction reloaded at once; one that found nothing due reloads at its
            // next refresh.
            _ = try await CredentialRefresh(
                store: env.store, clock: env.clock, keys: node, authorities: X509Authorities(), interval: .seconds(10),
                logger: Logger(label: "test")
            ).refresh([:])
            #expect(Set(Self.publishedKIDs(node.ring)) == stored, "every node publishes the stored keys")
        }
    }

    @Test("a node picks up keys rotated elsewhere at its next refresh, and drops a retired key when its publication ends")
    func refreshPicksUpRotation() async throws {
        let env = try await TestEnvironment.make()
        let other = try await OtherNode(env)
        let refresh = CredentialRefresh(
            store: env.store, clock: env.clock, keys: other.keys, authorities: other.authorities, interval: .seconds(10),
            logger: Logger(label: "test"))
        var loaded = try await refresh.refresh([:])
        env.clock.advance(seconds: 31 * 86_400)
        _ = try await env.keys.rotateIfDue(tenant: "default", maxAge: .days(30))
        #expect(Set(Self.publishedKIDs(other.keys.ring)) != Set(Self.publishedKIDs(env.keys.ring)))
        loaded = try await refresh.refresh(loaded)
        #expect(Set(Self.publishedKIDs(other.keys.ring)) == Set(Self.publishedKIDs(env.keys.ring)))

        #expect(Self.publishedKIDs(other.keys.ring).count == 3 * SigningAlgorithm.allCases.count)
        env.clock.advance(seconds: 2 * 86_400)  // past the retired keys' publication
        loaded = try await refresh.refresh(loaded)
        #expect(Self.publishedKIDs(other.keys.ring).count == 2 * SigningAlgorithm.allCases.count)
    }

    @Test("the renewal job renews every tenant's due keys and intermediate in one pass")
    func renewalJob() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "acme"), by: env.platformAdmin)
        for tenant in ["default", "acme"] {
            _ = try await env.credentials.state.authorities.hierarchy(
                tenant: tenant, store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now())
        }
        let job = CredentialRenewal(
            store: env.store, audit: env.audit, clock: env.clock, keys: env.keys, authorities: env.credentials.state.authorities,
            keyMaxAge: .days(30), interval: .seconds(60), logger: Logger(label: "test"))
        env.clock.advance(seconds: 9 * Self.month)
        try await job.runPass()
        try await job.runPass()
        for tenant in ["default", "acme"] {
            let actions = try await env.events(tenant).map(\.action)
            #expect(actions.filter { $0 == "spiffe.ca.renew" }.count == 1, "\(tenant)")
            #expect(actions.filter { $0 == "keys.rotate" }.count == 1, "\(tenant)")
        }
    }
}
