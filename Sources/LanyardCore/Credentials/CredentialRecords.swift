import Foundation
import LanyardAudit
public import LanyardCredentials
import LanyardAPI
public import LanyardModel

/// Issued credentials as records: the admin list, and revocation — RFC 7009 at the revocation endpoint, and by an
/// administrator by token, identity or owner — which writes the revocation and its audit event in one transaction;
/// the store publishes what was revoked on its change stream, which feeds the ``RevocationList`` of ``TenantState``
/// that ``TokenVerifier`` consults.
public struct CredentialRecords: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Verifies the signature of a token presented for revocation.
    let ring: KeyRing
    /// Where revocations queue their `credential.revoked` webhooks.
    let outbox: WebhookOutbox

    /// Records in `store`, revocations audited; `ring` checks tokens presented for revocation; `random` names webhook
    /// messages.
    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, ring: KeyRing, random: any RandomSource = SystemRandom()) {
        self.outbox = WebhookOutbox(random: random)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.ring = ring
    }

    // MARK: Revocation

    /// RFC 7009 revocation of one token. An identity may revoke only its own tokens; an administrator any token
    /// of the tenant. Unknown or invalid tokens are ignored, as RFC 7009 §2.2 requires.
    public func revoke(token: String, tenant: String, urls: IssuerURLs, byClient client: String?, actor: String) async throws {
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let claims = await ring.verifySignature(token, tenant: tenant),
            claims.iss == urls.issuer
        else { return }
        if let client, client != claims.sub {
            throw OAuthError(.unauthorizedClient, "A client may revoke only tokens issued to it.")
        }
        _ = try await revoke(
            .credential(jti: claims.jti), tenant: tenant, reason: "revoked through the revocation endpoint", actor: actor,
            fallbackExpiry: claims.exp)
    }

    /// Administrative revocation by token id, identity or owner. Returns how many live credentials were revoked.
    public func revoke(_ target: RevocationTarget, tenant: String, reason: String?, by principal: Principal) async throws -> Int {
        try AdminRoles.require(.credentialRevoke, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: 512, required: false) ?? "revoked by an administrator"
        return try await revoke(target, tenant: tenant, reason: reason, actor: principal.actor, fallbackExpiry: nil)
    }

    private func revoke(_ target: RevocationTarget, tenant: String, reason: String, actor: String, fallbackExpiry: Int64?) async throws -> Int {
        let now = clock.now()
        let audit = self.audit
        let outbox = self.outbox
        let revoked = try await store.writeGrouped { session -> [CredentialRecord] in
            let records = try await session.revokeCredentials(tenant: tenant, target: target, at: now, reason: reason)
            // A verified token without a record (none should exist) is still refused until it expires.
            if case .credential(let jti) = target, records.isEmpty, let fallbackExpiry {
                session.noteChange(.credentialRevoked(tenant: tenant, jti: jti, expiresAt: fallbackExpiry))
            }
            let (kind, value) = Self.describe(target)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .credentialRevoke, target: "\(kind):\(value)",
                    details: [
                        "reason": reason, "count": String(records.count),
                        "credentials": records.prefix(100).map(\.jti).joined(separator: " "),
                    ]),
                in: session
            )
            if !records.isEmpty {
                try await outbox.queue(.credentialsRevoked(records, tenant: tenant, reason: reason, at: now), in: session)
            }
            return records
        }
        return revoked.count
    }

    /// Credential records per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the tenant's credential records (optionally of one identity), newest first and then by `jti`, a
    /// unique order, so following the cursors neither skips nor repeats a record while new ones are issued.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func list(tenant: String, identity: String?, page: PageRequest, by principal: Principal) async throws -> Page<CredentialRecord> {
        try AdminRoles.require(.credentialList, principal, tenant: tenant)
        return try await Page.read(page, list: "credentials", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (issuedAt: $0.time, jti: $0.id) }
            return try await store.read { try await $0.credentials(tenant: tenant, identityId: identity, after: position, limit: limit) }
        } key: {
            [String(AuditEvent.seconds(of: $0.issuedAt)), $0.jti]
        }
    }

    static func describe(_ target: RevocationTarget) -> (String, String) {
        switch target {
        case .credential(let jti): ("credential", jti)
        case .identity(let id): ("identity", id)
        case .owner(let owner): ("owner", owner)
        }
    }
}
