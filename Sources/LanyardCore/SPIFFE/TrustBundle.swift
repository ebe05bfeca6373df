import Foundation
public import LanyardCredentials
public import LanyardModel

/// The tenant's SPIFFE trust bundle: its X.509 authority (the root CA) and its JWT-SVID authorities, as a SPIFFE
/// bundle (a JWKS) and as PEM.
public struct TrustBundle: Sendable {
    let ring: KeyRing
    let authorities: X509Authorities
    /// A tenant's certificate authorities are created on first use, in a transaction with their audit event.
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock

    /// `spiffe_refresh_hint` of the bundle (seconds), and how long it may be cached.
    public static let refreshHint = 300

    /// The bundle of `ring`'s JWT-SVID keys and `authorities`' root CA (created on first use in `store`).
    public init(ring: KeyRing, authorities: X509Authorities, store: any LanyardStore, audit: any AuditLog, clock: any WallClock) {
        self.ring = ring
        self.authorities = authorities
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// The tenant's SPIFFE bundle (SPIFFE Trust Domain and Bundle §4): a JWKS with the X.509 authority (the root
    /// CA, `use: x509-svid`, `x5c`) and the JWT-SVID authorities (`use: jwt-svid`, with `kid`), plus
    /// `spiffe_sequence` and `spiffe_refresh_hint`.
    ///
    /// - Throws: `not_found` for an unknown tenant.
    public func bundle(tenant: String) async throws -> JSONValue {
        guard var authorities = ring.svidAuthorities(tenant: tenant) else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        let hierarchy = try await self.authorities.hierarchy(tenant: tenant, store: store, audit: audit, ring: ring, now: clock.now())
        if let root = BundleAuthority.jwk(of: hierarchy.root) { authorities.insert(root, at: 0) }
        return .object([
            "keys": .array(authorities),
            "spiffe_sequence": .number(JSONNumber(Double(Self.sequence(of: authorities)))),
            "spiffe_refresh_hint": .number(JSONNumber(Double(Self.refreshHint))),
        ])
    }

    /// The PEM of the tenant's X.509 trust anchors: its root CA.
    ///
    /// - Throws: `not_found` for an unknown tenant.
    public func bundlePEM(tenant: String) async throws -> String {
        guard ring.svidAuthorities(tenant: tenant) != nil else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        let hierarchy = try await authorities.hierarchy(tenant: tenant, store: store, audit: audit, ring: ring, now: clock.now())
        return SPIFFECertificateAuthority.pem(hierarchy.root)
    }

    /// A sequence number that changes whenever the set of authorities changes: derived from their key ids, so
    /// every replica computes the same number without shared state (SPIFFE asks only that it change with the
    /// content; a relying party compares it for inequality).
    static func sequence(of authorities: [JSONValue]) -> Int64 {
        var kids: [String] = []
        for case .object(let members) in authorities {
            if case .string(let kid) = members["kid"] { kids.append(kid) }
            if case .array(let chain) = members["x5c"], case .string(let first) = chain.first { kids.append(first) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in kids.sorted().joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int64(hash % 2_000_000_000)
    }
}
