import Foundation
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardTesting
import Testing
import LanyardStorage

@Suite("SPIFFE CA hierarchy: created lazily, durably and once")
struct X509AuthoritiesTests {
    @Test("two servers racing to create a tenant's CAs end up with the same stored hierarchy and one audit event")
    func race() async throws {
        let env = try await TestEnvironment.make()
        let now = env.clock.now()
        let (first, second) = (X509Authorities(), X509Authorities())
        async let a = first.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: now)
        async let b = second.hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: now)
        let (one, two) = try await (a, b)
        #expect(SPIFFECertificateAuthority.der(one.root) == SPIFFECertificateAuthority.der(two.root))
        #expect(one.intermediate.certificateDER == two.intermediate.certificateDER)
        let records = try await env.store.read { try await $0.certificateAuthorities(tenant: "default") }
        #expect(records.map(\.role).sorted { $0.rawValue < $1.rawValue } == [.intermediate, .root])
        #expect(records.allSatisfy { $0.sealedPrivateKey != nil && $0.sealedPrivateKey != [] })
        #expect(try await env.events().filter { $0.action == "spiffe.ca.create" }.count == 1)

        // A third server (fresh cache) loads the same hierarchy from storage instead of making a new one.
        let third = try await X509Authorities().hierarchy(tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: now)
        #expect(SPIFFECertificateAuthority.der(third.root) == SPIFFECertificateAuthority.der(one.root))
        #expect(third.intermediate.rawPrivateKey == one.intermediate.rawPrivateKey)
    }

    @Test("an unknown tenant has no CA")
    func unknownTenant() async throws {
        let env = try await TestEnvironment.make()
        await #expect(throws: LanyardError(.notFound, "")) {
            try await X509Authorities().hierarchy(tenant: "nope", store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now())
        }
    }

    @Test("the stored CA keys are sealed under the KEK, not stored in the clear")
    func sealed() async throws {
        let env = try await TestEnvironment.make()
        let hierarchy = try await X509Authorities().hierarchy(
            tenant: "default", store: env.store, audit: env.audit, ring: env.keys.ring, now: env.clock.now())
        let records = try await env.store.read { try await $0.certificateAuthorities(tenant: "default") }
        let intermediate = try #require(records.first { $0.role == .intermediate })
        let sealedKey = try #require(intermediate.sealedPrivateKey)
        let raw = hierarchy.intermediate.rawPrivateKey
        #expect(Data(sealedKey).range(of: Data(raw)) == nil)
        #expect(try env.keys.ring.openAuthority(intermediate).rawPrivateKey == raw)
        var offline = intermediate
        offline.sealedPrivateKey = nil
        #expect(throws: LanyardError(.invalidState, "")) { try env.keys.ring.openAuthority(offline) }
    }
}
