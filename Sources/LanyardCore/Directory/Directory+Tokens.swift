public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Provisioning tokens: `lsc_…` bearer tokens of one tenant's identity provider, shown once, stored as SHA-256.
extension Directory {
    /// Makes a token for the tenant's identity provider.
    public func createToken(_ request: CreateSCIMTokenRequest, tenant: String, by principal: Principal) async throws -> CreatedSCIMToken {
        try AdminRoles.require(.scimTokenCreate, principal, tenant: tenant)
        let description = request.description ?? "SCIM provisioning token"
        guard !description.isEmpty, description.unicodeScalars.count <= 200, description.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        else {
            throw LanyardError.invalid("description", "description must be 1 to 200 printable characters.")
        }
        var generator = random.generator()
        let token = SecretFormat.make(prefix: SecretFormat.provisioningPrefix, using: &generator)
        let record = ProvisioningTokenRecord(
            id: IdentifierFormat.make(prefix: "sct", using: &generator), tenant: tenant, tokenHash: TokenHasher.hash(token),
            description: description, createdAt: clock.now())
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            try await session.insertProvisioningToken(record)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: record.createdAt, actor: principal.actor, action: .scimTokenCreate, target: "scim_token:\(record.id)",
                    details: ["description": description]),
                in: session)
        }
        return CreatedSCIMToken(token: token, info: Self.view(record))
    }

    /// The tenant's provisioning tokens, newest first, revoked ones included.
    public func tokens(tenant: String, by principal: Principal) async throws -> SCIMTokenList {
        try AdminRoles.require(.scimTokenList, principal, tenant: tenant)
        return try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            return SCIMTokenList(tokens: try await session.provisioningTokens(tenant: tenant).map(Self.view))
        }
    }

    /// Revokes a token at once; `not_found` when the tenant has no such live token.
    public func revokeToken(_ id: String, tenant: String, by principal: Principal) async throws {
        try AdminRoles.require(.scimTokenRevoke, principal, tenant: tenant)
        let now = clock.now()
        try await store.write { session in
            guard try await session.revokeProvisioningToken(tenant: tenant, id: id, at: now) else {
                throw LanyardError(.notFound, "There is no live provisioning token '\(id.prefix(100))' in tenant '\(tenant)'.")
            }
            try await audit.record(
                AuditEvent(tenant: tenant, at: now, actor: principal.actor, action: .scimTokenRevoke, target: "scim_token:\(id)"), in: session)
        }
    }

    /// The provisioner a presented bearer token stands for, or nil when it is not a live provisioning token.
    /// The token's shape and checksum are checked before any lookup; the stored hash is compared in constant time.
    public func authenticate(_ token: String) async throws -> Provisioner? {
        guard SecretFormat.isWellFormed(token, prefix: SecretFormat.provisioningPrefix) else { return nil }
        let hash = TokenHasher.hash(token)
        guard let record = try await store.read({ try await $0.provisioningToken(hash: hash) }),
            TokenHasher.constantTimeEquals(record.tokenHash, hash), record.revokedAt == nil
        else { return nil }
        return Provisioner(tenant: record.tenant, tokenId: record.id)
    }

    static func view(_ record: ProvisioningTokenRecord) -> SCIMTokenView {
        SCIMTokenView(id: record.id, description: record.description, createdAt: record.createdAt, revokedAt: record.revokedAt)
    }
}
