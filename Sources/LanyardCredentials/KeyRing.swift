public import Foundation
import JWTKit
public import LanyardModel
import Synchronization

/// Every tenant's signing keys, unsealed in memory after start: what signs tokens, what verifies them, and the
/// JWKS that publishes them.
///
/// The ring is loaded from ``SigningKeyRecord``s (sealed with the ``KeyEncryptionKey``) and reloaded for a tenant
/// whenever its keys change (rotation).
public final class KeyRing: Sendable {
    struct TenantKeys: Sendable {
        /// The active key per algorithm.
        var signers: [SigningAlgorithm: CompactJWSSigner]
        /// Every published key, by kid.
        var verifier: JWTKeyCollection
        var publishedKIDs: Set<String>
        var jwks: JSONValue
        /// The published ES256 keys as JWT-SVID authorities (`use: jwt-svid`) for the SPIFFE bundle.
        var svidAuthorities: [JSONValue]
    }

    let kek: KeyEncryptionKey
    private let tenants = Mutex([String: TenantKeys]())

    public init(kek: KeyEncryptionKey) {
        self.kek = kek
    }

    /// Seals a new key for `tenant` in `state` into a storable record.
    public func seal(_ material: SigningKeyMaterial, tenant: String, state: SigningKeyState, createdAt: Date) throws -> SigningKeyRecord {
        let kid = material.thumbprint
        return SigningKeyRecord(
            kid: kid, tenant: tenant, algorithm: material.algorithm, state: state, createdAt: createdAt, publishUntil: nil,
            sealedPrivateKey: try kek.seal(material.raw, context: "\(tenant)/\(kid)"), publicJWK: material.publicJWK
        )
    }

    /// (Re)loads `tenant`'s keys from its records; retired keys past `publishUntil` are dropped.
    ///
    /// - Throws: when a sealed key does not open (wrong KEK) or is not a valid key.
    public func load(tenant: String, records: [SigningKeyRecord], now: Date) async throws {
        var signers: [SigningAlgorithm: CompactJWSSigner] = [:]
        let verifier = JWTKeyCollection()
        var published: Set<String> = []
        var jwks: [JSONValue] = []
        var svidAuthorities: [JSONValue] = []
        for record in records.sorted(by: { $0.createdAt < $1.createdAt }) {
            if record.state == .retired, let until = record.publishUntil, until <= now { continue }
            let raw = try kek.open(record.sealedPrivateKey, context: "\(tenant)/\(record.kid)")
            let material = try SigningKeyMaterial(algorithm: record.algorithm, raw: raw)
            guard material.thumbprint == record.kid else {
                throw LanyardError(.invalidConfiguration, "Stored key \(record.kid) of tenant \(tenant) does not match its key id.")
            }
            try await material.add(to: verifier)
            published.insert(record.kid)
            jwks.append(record.publicJWK)
            if record.algorithm == Self.svidAlgorithm, case .object(var members) = record.publicJWK {
                members["use"] = .string(JWTSVIDClaims.bundleUse)
                svidAuthorities.append(.object(members))
            }
            if record.state == .active {
                signers[record.algorithm] = try CompactJWSSigner(material)
            }
        }
        let keys = TenantKeys(
            signers: signers, verifier: verifier, publishedKIDs: published, jwks: .object(["keys": .array(jwks)]),
            svidAuthorities: svidAuthorities)
        tenants.withLock { $0[tenant] = keys }
    }

    /// The tenant's JWKS document (`{"keys": [...]}`), or `nil` for an unknown tenant.
    public func jwks(tenant: String) -> JSONValue? {
        tenants.withLock { $0[tenant]?.jwks }
    }

    /// Signs an access token for `tenant` with its active key of `algorithm`.
    public func sign(_ claims: AccessTokenClaims, tenant: String, algorithm: SigningAlgorithm = .eddsa) async throws -> String {
        guard let signer = tenants.withLock({ $0[tenant]?.signers[algorithm] }) else {
            throw LanyardError(.internal, "Tenant \(tenant) has no active \(algorithm.rawValue) signing key.")
        }
        return try signer.sign(payload: claims.payloadJSON, type: AccessTokenClaims.type)
    }

    /// Signs a client assertion (RFC 7523, `private_key_jwt`) that `tenant` presents to another party's token
    /// endpoint — the console's sign-in at the tenant's OpenID Provider — with its active ES256 key, which that party
    /// reads from the tenant's JWKS. `payload` is the claims' JSON text; header `alg: ES256`, `kid`, `typ: JWT`.
    public func signClientAssertion(payload: String, tenant: String) throws -> String {
        guard let signer = tenants.withLock({ $0[tenant]?.signers[.es256] }) else {
            throw LanyardError(.internal, "Tenant \(tenant) has no active ES256 signing key.")
        }
        return try signer.sign(payload: payload, type: "JWT")
    }

    /// The algorithm of JWT-SVIDs: ES256, which SPIFFE verifiers accept (the JWT-SVID specification allows
    /// RS/ES/PS only, so never EdDSA).
    public static let svidAlgorithm = SigningAlgorithm.es256

    /// The tenant's JWT-SVID authorities (public JWKs with `kid` and `use: jwt-svid`), or `nil` for an unknown tenant.
    public func svidAuthorities(tenant: String) -> [JSONValue]? {
        tenants.withLock { $0[tenant]?.svidAuthorities }
    }

    /// Signs a JWT-SVID for `tenant` with its active ES256 key (header `alg: ES256`, `kid`, `typ: JWT`).
    public func sign(_ claims: JWTSVIDClaims, tenant: String) async throws -> String {
        guard let signer = tenants.withLock({ $0[tenant]?.signers[Self.svidAlgorithm] }) else {
            throw LanyardError(.internal, "Tenant \(tenant) has no active \(Self.svidAlgorithm.rawValue) signing key.")
        }
        return try signer.sign(payload: claims.payloadJSON, type: JWTSVIDClaims.type)
    }

    /// Verifies the signature of one of `tenant`'s JWT-SVIDs (ES256 by a published key, `typ` absent, `JWT` or `JOSE`)
    /// and returns its claims (nothing else is checked: a leaked SVID is recognised even after it expired).
    public func verifyJWTSVID(_ token: String, tenant: String) async -> JWTSVIDClaims? {
        guard let header = try? JOSEHeader(compact: token), header.alg == Self.svidAlgorithm.rawValue,
            header.typ == nil || header.typ == JWTSVIDClaims.type || header.typ == "JOSE", let kid = header.kid
        else { return nil }
        guard let verifier = verifier(tenant: tenant, kid: kid) else { return nil }
        return try? await verifier.verify(token, as: JWTSVIDClaims.self)
    }

    /// Verifies the signature of one of `tenant`'s access tokens and returns its claims (nothing else is checked).
    ///
    /// - Returns: `nil` when the token is malformed, not `at+jwt`, names an unknown key, or the signature fails.
    public func verifySignature(_ token: String, tenant: String) async -> AccessTokenClaims? {
        guard let header = try? JOSEHeader(compact: token), header.typ == AccessTokenClaims.type,
            SigningAlgorithm(rawValue: header.alg) != nil, let kid = header.kid
        else { return nil }
        guard let verifier = verifier(tenant: tenant, kid: kid) else { return nil }
        return try? await verifier.verify(token, as: AccessTokenClaims.self)
    }

    /// The tenant's verifier when `kid` is one of its published keys.
    private func verifier(tenant: String, kid: String) -> JWTKeyCollection? {
        tenants.withLock { keys in
            guard let tenantKeys = keys[tenant], tenantKeys.publishedKIDs.contains(kid) else { return nil }
            return tenantKeys.verifier
        }
    }
}
