import Foundation
import LanyardAudit
import LanyardCredentials
import LanyardModel

/// The revocation of one leaked token inside the transaction that records its report: the credential and every
/// credential exchanged from it (transitively), the identity marked `compromised` with all its other credentials
/// revoked (which kills the tokens of its tasks too), a `leaked-credential` finding, `credential.revoke` and
/// `identity.compromise` audited, and `credential.revoked`, `identity.compromised` and `credential.leaked` queued for
/// the tenant's webhook endpoints. A token that is no longer live changes nothing (outcome `inactive`).
struct LeakRevocation: Sendable {
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let outbox: WebhookOutbox
    /// Who reported (an audit actor).
    let actor: String

    /// Statuses an identity is marked compromised from (an expired or offboarded one stays as it is).
    static let compromisable: Set<IdentityStatus> = [.active, .suspended, .orphaned]

    /// Revokes what `token` is and returns `draft` completed with the outcome.
    func revoke(_ token: LeakedToken, report draft: LeakReport, in session: any StoreSession) async throws -> LeakReport {
        let now = clock.now()
        var report = draft
        let reason = "leaked: reported through the \(draft.door.rawValue) door (leak \(draft.id))"
        switch token {
        case .unknown:
            return report
        case .accessToken(let tenant, let claims):
            return try await revokeCredential(
                report, tenant: tenant, jti: claims.jti, identity: claims.sub, expiry: claims.exp, reason: reason, at: now, in: session)
        case .jwtSVID(let tenant, let claims, let identity):
            return try await revokeCredential(
                report, tenant: tenant, jti: claims.jti, identity: identity, expiry: claims.exp, reason: reason, at: now, in: session)
        case .adminToken(let record):
            let live = record.revokedAt == nil && (record.expiresAt.map { $0 > now } ?? true)
            return try await revokeSecret(
                report, id: record.id, tenant: record.tenant, kind: "admin_token", action: .adminTokenRevoke, owner: record.subject, live: live,
                reason: reason, at: now, in: session
            ) { try await session.revokeAdminToken(id: record.id, tenant: record.tenant, at: now) }
        case .leakDoorToken(let record):
            return try await revokeSecret(
                report, id: record.id, tenant: record.tenant, kind: "leak_token", action: .leakTokenRevoke, owner: nil, live: record.revokedAt == nil,
                reason: reason, at: now, in: session
            ) { try await session.revokeLeakDoorToken(tenant: record.tenant, id: record.id, at: now) }
        case .scimToken(let record):
            return try await revokeSecret(
                report, id: record.id, tenant: record.tenant, kind: "scim_token", action: .scimTokenRevoke, owner: nil, live: record.revokedAt == nil,
                reason: reason, at: now, in: session
            ) { try await session.revokeProvisioningToken(tenant: record.tenant, id: record.id, at: now) }
        }
    }

    /// A signed credential (access token or JWT-SVID) `jti` of `identityID`: revoked with every credential exchanged from
    /// it; when it was live, its identity compromised with all its other credentials revoked.
    private func revokeCredential(
        _ draft: LeakReport, tenant: String, jti: String, identity identityID: String, expiry: Int64, reason: String, at now: Date,
        in session: any StoreSession
    ) async throws -> LeakReport {
        var report = draft
        report.identity = identityID
        report.credential = jti
        let record = try await session.credential(tenant: tenant, jti: jti)
        var revoked = try await session.revokeCredentials(tenant: tenant, target: .credential(jti: jti), at: now, reason: reason)
        let live = revoked.contains { $0.jti == jti } || (record == nil && expiry > Int64(now.timeIntervalSince1970))
        guard live else {
            report.outcome = .inactive
            return report
        }
        if record == nil { session.noteChange(.credentialRevoked(tenant: tenant, jti: jti, expiresAt: expiry)) }
        var identity: Identity?
        if let found = try await session.identity(tenant: tenant, id: identityID) {
            identity = found
            if Self.compromisable.contains(found.status) {
                let others = try await session.revokeCredentials(tenant: tenant, target: .identity(id: found.id), at: now, reason: reason)
                revoked += others
                identity = try await compromise(found, report: draft, revokedCount: others.count, at: now, in: session)
            }
        }
        report = completed(report, at: now, revoked: revoked.count)
        try await recordRevocation(tenant: tenant, target: "credential:\(jti)", credentials: revoked.map(\.jti), reason: reason, at: now, in: session)
        if !revoked.isEmpty { try await outbox.queue(.credentialsRevoked(revoked, tenant: tenant, reason: reason, at: now), in: session) }
        try await raise(report, subject: "identity:\(identityID)", owner: identity?.owner, at: now, in: session)
        try await outbox.queue(.credentialLeaked(report, identity: identity, credentials: revoked.map(\.jti), at: now), in: session)
        return report
    }

    /// An opaque secret (administrator, SCIM or leak door token `kind:id` of `tenant`, nil for the platform): revoked by
    /// `revoke` when `live`, audited as `action`; in a tenant a finding is raised and `credential.leaked` queued.
    private func revokeSecret(
        _ draft: LeakReport, id: String, tenant: String?, kind: String, action: AuditAction, owner: String?, live: Bool, reason: String, at now: Date,
        in session: any StoreSession, revoke: () async throws -> Bool
    ) async throws -> LeakReport {
        var report = draft
        report.credential = id
        guard live, try await revoke() else {
            report.outcome = .inactive
            return report
        }
        report = completed(report, at: now, revoked: 1)
        try await audit.record(
            AuditEvent(tenant: tenant ?? Tenant.defaultName, at: now, actor: actor, action: action, target: "\(kind):\(id)", details: ["reason": reason]),
            in: session)
        if tenant != nil {
            try await raise(report, subject: "\(kind):\(id)", owner: owner, at: now, in: session)
            try await outbox.queue(.credentialLeaked(report, identity: nil, credentials: [id], at: now), in: session)
        }
        return report
    }

    /// The report as revoked at `now`: outcome, time and milliseconds since it was received, count.
    private func completed(_ draft: LeakReport, at now: Date, revoked: Int) -> LeakReport {
        var report = draft
        report.outcome = .revoked
        report.revokedAt = now
        let elapsed = now.timeIntervalSince(draft.receivedAt) * 1000
        report.revokeMilliseconds = elapsed.isFinite ? Int64(max(0, min(elapsed, 1e12)).rounded()) : 0
        report.revokedCount = revoked
        return report
    }

    /// Marks `identity` compromised (its credentials were revoked by the caller), audited as `identity.compromise`, with
    /// `identity.compromised` queued.
    private func compromise(_ identity: Identity, report: LeakReport, revokedCount: Int, at now: Date, in session: any StoreSession) async throws
        -> Identity
    {
        var compromised = identity
        compromised.status = .compromised
        compromised.updatedAt = now
        try await session.updateIdentity(compromised)
        let details = [
            "reason": "a credential leaked (leak \(report.id), \(report.door.rawValue) door)", "leak": report.id, "door": report.door.rawValue,
            "previousStatus": identity.status.rawValue, "revokedCredentials": String(revokedCount),
        ]
        try await audit.record(
            AuditEvent(
                tenant: identity.tenant, at: now, actor: actor, action: .identityCompromise, target: "identity:\(identity.id)",
                before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: compromised), details: details),
            in: session)
        try await outbox.queue(.identity(.identityCompromised, compromised, at: now, details: details), in: session)
        return compromised
    }

    /// `credential.revoke`, as an administrator's revocation records it, with the leak as its reason.
    private func recordRevocation(
        tenant: String, target: String, credentials: [String], reason: String, at now: Date, in session: any StoreSession
    ) async throws {
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: actor, action: .credentialRevoke, target: target,
                details: ["reason": reason, "count": String(credentials.count), "credentials": credentials.prefix(100).joined(separator: " ")]),
            in: session)
    }

    /// A critical `leaked-credential` finding about `subject` (one stays open per subject).
    private func raise(_ report: LeakReport, subject: String, owner: String?, at now: Date, in session: any StoreSession) async throws {
        var generator = random.generator()
        var details = ["leak": report.id, "door": report.door.rawValue, "tokenHash": report.tokenHash, "kind": report.kind.rawValue]
        details["location"] = report.location
        details["source"] = report.source
        details["owner"] = owner
        details["credential"] = report.credential
        let finding = Finding(
            id: IdentifierFormat.make(prefix: "fnd", using: &generator), tenant: report.tenant, kind: .leakedCredential, severity: .critical,
            subject: subject, summary: "A \(report.kind.rawValue) of \(subject) was reported leaked and has been revoked.", details: details,
            createdAt: now)
        _ = try await session.raiseFinding(finding)
    }
}
