import Foundation
import LanyardCredentials
import LanyardModel

/// What a reported token is, found without storing it: Lanyard's opaque secrets by the SHA-256 look-up; access tokens by the `iss` of their payload (a tenant issuer of this server) and then a signature
/// check against that tenant's published keys, so a forged JWT naming an issuer is nobody's.
enum LeakedToken: Sendable {
    /// A Lanyard access token of `tenant` whose signature verified.
    case accessToken(tenant: String, claims: AccessTokenClaims)
    /// A JWT-SVID of `tenant`, signature verified, issued to `identity`.
    case jwtSVID(tenant: String, claims: JWTSVIDClaims, identity: String)
    case adminToken(AdminTokenRecord)
    case scimToken(ProvisioningTokenRecord)
    case leakDoorToken(LanyardModel.LeakDoorToken)
    case unknown

    /// The tenant the token belongs to (nil for an unknown token or a platform administrator token).
    var tenant: String? {
        switch self {
        case .accessToken(let tenant, _), .jwtSVID(let tenant, _, _): tenant
        case .adminToken(let record): record.tenant
        case .scimToken(let record): record.tenant
        case .leakDoorToken(let record): record.tenant
        case .unknown: nil
        }
    }

    var kind: LeakedTokenKind {
        switch self {
        case .accessToken: .accessToken
        case .jwtSVID: .jwtSVID
        case .adminToken: .adminToken
        case .scimToken: .scimToken
        case .leakDoorToken: .leakDoorToken
        case .unknown: .unknown
        }
    }

    /// Recognises `token`. `tenantOfIssuer` maps an issuer URL of this server to its tenant (nil for any other URL).
    static func recognise(
        _ token: String, hash: String, ring: KeyRing, store: any LanyardStore, tenantOfIssuer: @Sendable (String) -> String?
    ) async throws -> LeakedToken {
        if token.split(separator: ".", omittingEmptySubsequences: false).count != 3 {
            // An opaque secret (lyadm_, lypep_, lsc_, lyrvk_, …): whichever table holds its hash says what it is.
            return try await store.read { session -> LeakedToken in
                if let admin = try await session.adminToken(hash: hash) { return .adminToken(admin) }
                if let scim = try await session.provisioningToken(hash: hash) { return .scimToken(scim) }
                if let door = try await session.leakDoorToken(hash: hash) { return .leakDoorToken(door) }
                return .unknown
            }
        }
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let unverified = unverifiedClaims(of: token) else { return .unknown }
        if let issuer = unverified.iss {
            guard let tenant = tenantOfIssuer(issuer), let claims = await ring.verifySignature(token, tenant: tenant), claims.iss == issuer else {
                return .unknown
            }
            return .accessToken(tenant: tenant, claims: claims)
        }
        // A JWT-SVID has no issuer: the trust domain of its SPIFFE ID names the tenant.
        guard let subject = unverified.sub, let domain = trustDomain(of: subject),
            let tenant = try await store.read({ try await $0.tenants() }).first(where: { $0.trustDomain == domain })?.name,
            let claims = await ring.verifyJWTSVID(token, tenant: tenant), claims.sub == subject,
            let identity = try await store.read({ try await $0.identity(tenant: tenant, spiffeID: subject) })
        else { return .unknown }
        return .jwtSVID(tenant: tenant, claims: claims, identity: identity.id)
    }

    /// The `iss` and `sub` claims of a compact JWS's payload, read without checking anything (only to choose the tenant
    /// whose keys then verify it).
    static func unverifiedClaims(of token: String) -> (iss: String?, sub: String?)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]) else { return nil }
        struct Claims: Decodable {
            let iss: String?
            let sub: String?
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)) else { return nil }
        return (claims.iss, claims.sub)
    }

    /// The trust domain of a SPIFFE ID (`spiffe://<domain>/…`).
    static func trustDomain(of spiffeID: String) -> String? {
        guard spiffeID.hasPrefix("spiffe://") else { return nil }
        let rest = spiffeID.dropFirst("spiffe://".count)
        guard let domain = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first, !domain.isEmpty else { return nil }
        return String(domain)
    }
}
