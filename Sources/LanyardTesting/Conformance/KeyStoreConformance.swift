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
    /// changes only the state and the publication deadline.
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
        try await view.write { store in for record in changes { try await store.updateSigningKey(record) } }
        #expect(try await view.read { try await $0.signingKeys(tenant: "t1") } == changes)
        #expect(try await view.read { try await $0.signingKeys(tenant: "t2") }.map(\.state) == [.active], "other tenants unchanged")
    }

    /// A tenant has at most one CA per role; its CAs round-trip (the root's key may be kept offline: no sealed key).
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
    }
}
