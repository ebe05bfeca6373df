import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``KeyStore``: token-signing keys and SPIFFE certificate authorities.
struct KeyStoreConformance {
    let view: CapabilityView<any KeyStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await signingKeys()
        try await certificateAuthorities()
    }

    /// Signing keys round-trip with their sealed bytes, list oldest first per tenant, page after a key, and an update
    /// changes only the state and the publication deadline, and only from the state it expects.
    func signingKeys() async throws {
        let now = now
        @Sendable func key(_ kid: String, tenant: String = "t1", age: Double, state: SigningKeyState) -> SigningKeyRecord {
            SigningKeyRecord(
                kid: kid, tenant: tenant, algorithm: .eddsa, state: state, createdAt: now.addingTimeInterval(-age), publishUntil: nil,
                sealedPrivateKey: Array("sealed \(kid)".utf8),
                publicJWK: .object(["kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string(kid), "kid": .string(kid)]))
        }
        let old = key("k-old", age: 100, state: .active)
        let next = key("k-next", age: 10, state: .next)
        try await view.write { store in
            try await store.insertSigningKey(next)
            try await store.insertSigningKey(old)
            try await store.insertSigningKey(key("k-other", tenant: "t2", age: 50, state: .active))
        }
        #expect(try await view.read { try await $0.signingKeys(tenant: "t1") } == [old, next], "oldest first, every field")
        #expect(try await view.read { try await $0.signingKeys(tenant: "t1", after: (old.createdAt, old.kid), limit: 5) } == [next])
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertSigningKey(old) } }

        var retired = old
        retired.state = .retired
        retired.publishUntil = now.addingTimeInterval(3600)
        var promoted = next
        promoted.state = .active
        let changes = [retired, promoted]
        #expect(try await view.write { store in try await store.updateSigningKey(changes[0], from: .active) })
        #expect(try await view.write { store in try await store.updateSigningKey(changes[1], from: .next) })
        #expect(try await view.read { try await $0.signingKeys(tenant: "t1") } == changes)
        // A second rotation that read the same keys moves nothing (compare-and-set on the state).
        var again = changes[1]
        again.state = .retired
        let stale = again
        #expect(try await view.write { try await $0.updateSigningKey(stale, from: .next) } == false, "already moved on")
        #expect(try await view.read { try await $0.signingKeys(tenant: "t1") } == changes)
        #expect(try await view.read { try await $0.signingKeys(tenant: "t2") }.map(\.state) == [.active], "other tenants unchanged")
    }

    /// A tenant has at most one CA per role; its CAs round-trip (the root's key may be kept offline: no sealed key);
    /// a renewal replaces one generation with the next, once.
    func certificateAuthorities() async throws {
        let now = now
        let root = CertificateAuthorityRecord(
            tenant: "t1", role: .root, certificateDER: [0x30, 0x01, 0x02], sealedPrivateKey: nil, createdAt: now,
            notAfter: now.addingTimeInterval(86_400 * 365))
        let intermediate = CertificateAuthorityRecord(
            tenant: "t1", role: .intermediate, certificateDER: [0x30, 0x03], sealedPrivateKey: [9, 9, 9], createdAt: now,
            notAfter: now.addingTimeInterval(86_400 * 30))
        #expect(try await view.read { try await $0.certificateAuthorities(tenant: "t1") }.isEmpty)
        try await view.write { store in
            try await store.insertCertificateAuthority(intermediate)
            try await store.insertCertificateAuthority(root)
        }
        let stored = try await view.read { try await $0.certificateAuthorities(tenant: "t1") }
        #expect(Set(stored) == [root, intermediate])
        #expect(try await view.read { try await $0.certificateAuthorities(tenant: "t2") }.isEmpty)
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertCertificateAuthority(root) } }

        // Renewal replaces a generation once: of two renewals of generation 1, the second changes nothing.
        #expect(stored.allSatisfy { $0.generation == 1 })
        var renewed = intermediate
        renewed.certificateDER = [0x30, 0x04]
        renewed.sealedPrivateKey = [7, 7]
        renewed.notAfter = now.addingTimeInterval(86_400 * 60)
        renewed.generation = 2
        let first = renewed
        var rival = renewed
        rival.certificateDER = [0x30, 0x05]
        let second = rival
        #expect(try await view.write { try await $0.replaceCertificateAuthority(first, generation: 1) })
        #expect(try await view.write { try await $0.replaceCertificateAuthority(second, generation: 1) } == false)
        #expect(Set(try await view.read { try await $0.certificateAuthorities(tenant: "t1") }) == [root, first])
        var elsewhere = first
        elsewhere.tenant = "t2"
        let other = elsewhere
        #expect(try await view.write { try await $0.replaceCertificateAuthority(other, generation: 1) } == false, "t2 has no CA to renew")
        #expect(try await view.read { try await $0.certificateAuthorities(tenant: "t2") }.isEmpty)
    }
}
