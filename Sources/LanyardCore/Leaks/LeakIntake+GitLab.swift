public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// The GitLab-shaped door: GitLab's Token Revocation API (`GET /v1/revocable_token_types`, `POST /v1/revoke_tokens`)
/// under a tenant, authenticated with a per-tenant bearer (`lyrvk_…`) an administrator makes, lists and revokes.
extension LeakIntake {
    /// The token types the GitLab door revokes (its `revocable_token_types`).
    public static let gitLabTypes = ["lanyard_access_token", "lanyard_admin_token", "lanyard_scim_token", "lanyard_leak_door_token"]

    /// Makes a bearer for the tenant's GitLab-shaped door, shown once.
    /// - Throws: `invalid_field` (`description`); `not_found` for an unknown tenant; `forbidden`.
    public func createDoorToken(_ request: CreateLeakDoorTokenRequest, tenant: String, by principal: Principal) async throws -> CreatedLeakDoorToken {
        try AdminRoles.require(.leakTokenCreate, principal, tenant: tenant)
        let description = try NameRules.checkText(request.description, field: "description", maxLength: 200, required: false) ?? "leak door token"
        var generator = random.generator()
        let token = SecretFormat.make(prefix: SecretFormat.revocationPrefix, using: &generator)
        let record = LeakDoorToken(
            id: IdentifierFormat.make(prefix: "rvt", using: &generator), tenant: tenant, tokenHash: TokenHasher.hash(token), description: description,
            createdAt: clock.now(), createdBy: principal.actor)
        let audit = self.audit
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            try await session.insertLeakDoorToken(record)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: record.createdAt, actor: principal.actor, action: .leakTokenCreate, target: "leak_token:\(record.id)",
                    details: ["description": description]),
                in: session)
        }
        return CreatedLeakDoorToken(token: token, info: LeakDoorTokenView(record))
    }

    /// The tenant's door bearers, newest first, revoked ones included.
    public func doorTokens(tenant: String, by principal: Principal) async throws -> LeakDoorTokenList {
        try AdminRoles.require(.leakTokenList, principal, tenant: tenant)
        return try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            return LeakDoorTokenList(tokens: try await session.leakDoorTokens(tenant: tenant).map(LeakDoorTokenView.init))
        }
    }

    /// Revokes a door bearer at once; `not_found` when the tenant has no such live one.
    public func revokeDoorToken(_ id: String, tenant: String, by principal: Principal) async throws {
        try AdminRoles.require(.leakTokenRevoke, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        try await store.write { session in
            guard id.utf8.count <= 64, try await session.revokeLeakDoorToken(tenant: tenant, id: id, at: now) else {
                throw LanyardError(.notFound, "There is no live leak door token '\(id.prefix(64))' in tenant '\(tenant)'.")
            }
            try await audit.record(
                AuditEvent(tenant: tenant, at: now, actor: principal.actor, action: .leakTokenRevoke, target: "leak_token:\(id)"), in: session)
        }
    }

    /// The live door bearer `token` of `tenant`, or nil (malformed, unknown, revoked, or another tenant's). The shape
    /// and checksum are checked before any look-up; the stored hash is compared in constant time.
    public func authenticateDoor(_ token: String, tenant: String) async throws -> LeakDoorToken? {
        guard SecretFormat.isWellFormed(token, prefix: SecretFormat.revocationPrefix) else { return nil }
        let hash = TokenHasher.hash(token)
        guard let record = try await store.read({ try await $0.leakDoorToken(hash: hash) }), TokenHasher.constantTimeEquals(record.tokenHash, hash),
            record.revokedAt == nil, record.tenant == tenant
        else { return nil }
        return record
    }

    /// GitLab's `revoke_tokens`: each token processed by the one path, as the door of `bearer`'s tenant.
    /// - Throws: `invalid_request` when the list is empty or over its bound, or when a token belongs to another tenant
    ///   (the others are processed; that one is refused and audited); `invalid_field` for a token out of bounds;
    ///   `rate_limited`.
    public func revokeForGitLab(
        _ items: [GitLabRevocation], bearer: LeakDoorToken, receivedAt: Date, tenantOfIssuer: @escaping @Sendable (String) -> String?
    ) async throws -> [Outcome] {
        guard !items.isEmpty, items.count <= ReportLeaksRequest.maxTokens else {
            throw LanyardError(.invalidRequest, "Send 1 to \(ReportLeaksRequest.maxTokens) tokens at a time.")
        }
        let submissions = items.map { Submission(token: $0.token, type: $0.type, location: $0.location, source: "gitlab") }
        let outcomes = try await report(
            submissions, door: .gitlab, tenant: bearer.tenant, actor: "leak_token:\(bearer.id)", receivedAt: receivedAt, tenantOfIssuer: tenantOfIssuer)
        if outcomes.contains(where: \.refused) {
            throw LanyardError(.invalidRequest, "A token belongs to another tenant; it was not revoked through this tenant's door.")
        }
        return outcomes
    }
}
