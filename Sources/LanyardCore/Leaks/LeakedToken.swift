import Foundation
import LanyardCredentials
import LanyardModel

/// What a reported token is, found without storing it: Lanyard's opaque secrets by the SHA-256 look-up; access tokens by the `iss` of their payload (a tenant issuer of this server) and then a signature
/// check against that tenant's published keys, so a forged JWT naming an issuer is nobody's.
enum LeakedToken: Sendable {
    /// A Lanyard access token of `tenant` whose signature verified.
    case accessToken(tenant: String, claims: AccessTokenClaims)
    case adminToken(AdminTokenRecord)
    case scimToken(ProvisioningTokenRecord)
    case leakDoorToken(LanyardModel.LeakDoorToken)
    case unknown

    /// The tenant the token belongs to (nil for an unknown token or a platform administrator token).
    var tenant: String? {
        switch self {
        case .accessToken(let tenant, _): tenant
        case .adminToken(let record): record.tenant
        case .scimToken(let record): record.tenant
        case .leakDoorToken(let record): record.tenant
        case .unknown: nil
        }
    }

    var kind: LeakedTokenKind {
        switch self {
        case .accessToken: .accessToken
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
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let issuer = unverifiedIssuer(of: token), let tenant = tenantOfIssuer(issuer),
            let claims = await ring.verifySignature(token, tenant: tenant), claims.iss == issuer
        else { return .unknown }
        return .accessToken(tenant: tenant, claims: claims)
    }

    /// The `iss` claim of a compact JWS's payload, read without checking anything (only to choose the tenant whose keys
    /// then verify it).
    static func unverifiedIssuer(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]) else { return nil }
        struct Issuer: Decodable { let iss: String? }
        return (try? JSONDecoder().decode(Issuer.self, from: Data(payload)))?.iss
    }
}
