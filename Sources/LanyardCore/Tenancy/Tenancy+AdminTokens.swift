public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Administrator tokens: made with a role, a tenant, an optional subject and an expiry; listed; revoked.
extension Tenancy {
    /// Lifetime of an administrator token when none is asked for.
    public static let defaultTokenLifetime: TimeInterval = 90 * 86_400
    /// Longest lifetime an administrator token may be given.
    public static let maxTokenLifetime: TimeInterval = 365 * 86_400

    /// Makes a token of `request.role` in `tenant` (`nil`: a platform administrator token).
    ///
    /// Invariants under every policy: a caller mints only roles below its own (``Principal/Role/mayMint(_:)``,
    /// so nobody widens their own role); a platform administrator token has no tenant and every other token has
    /// one; `owner` and `builder` tokens name their subject; every token expires.
    public func createAdminToken(_ request: CreateAdminTokenRequest, tenant: String?, by principal: Principal) async throws -> CreatedAdminToken {
        guard let role = Principal.Role(rawValue: request.role) else {
            let known = Principal.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw LanyardError.invalid("role", "role must be one of: \(known).")
        }
        try AdminRoles.require(.adminTokenCreate, principal, target: tenant.map(AdminTarget.tenant) ?? .platform)
        guard principal.role.mayMint(role) else {
            throw LanyardError(
                .forbidden,
                "A '\(principal.role.rawValue)' token may not make a '\(role.rawValue)' token: nobody widens their own role.")
        }
        if role == .platformAdmin, tenant != nil {
            throw LanyardError.invalid("role", "A platform-admin token belongs to no tenant; make it with POST /v1/admin/tokens.")
        }
        if role != .platformAdmin, tenant == nil {
            throw LanyardError.invalid("role", "Only platform-admin tokens are made at /v1/admin/tokens; make '\(role.rawValue)' tokens in a tenant.")
        }
        let subject = request.subject.flatMap { $0.isEmpty ? nil : $0 }
        if let subject {
            guard subject.unicodeScalars.count <= 200, subject.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
                throw LanyardError.invalid("subject", "subject must be 1 to 200 printable characters without spaces.")
            }
        }
        if role.needsSubject, subject == nil {
            throw LanyardError.invalid("subject", "A '\(role.rawValue)' token acts for a person: give --subject (their user name).")
        }
        let lifetime: TimeInterval
        if let ttl = request.ttl {
            guard ttl != "never", ttl != "0" else {
                throw LanyardError.invalid("ttl", "Administrator tokens always expire; give a lifetime such as 30d (at most 365d).")
            }
            let span = try TimeSpan(parsing: ttl, field: "ttl")
            lifetime = TimeInterval(span.seconds)
            guard lifetime > 0, lifetime <= Self.maxTokenLifetime else {
                throw LanyardError.invalid("ttl", "ttl must be more than zero and at most 365d.")
            }
        } else {
            lifetime = Self.defaultTokenLifetime
        }
        let description = request.description ?? "\(role.rawValue) token"
        guard description.utf8.count <= 200, description.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw LanyardError.invalid("description", "description must be at most 200 printable characters.")
        }
        var generator = random.generator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(lifetime)
        let id = try await store.write { session in
            if let tenant, try await session.tenant(named: tenant) == nil { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            return try await insertToken(
                hash: TokenHasher.hash(token), tenant: tenant, role: role, description: description, actor: principal.actor, session: session,
                now: now, subject: subject, expiresAt: expiresAt)
        }
        return CreatedAdminToken(
            token: token,
            info: AdminTokenView(
                id: id, role: role.rawValue, tenant: tenant, subject: subject, description: description, createdAt: now, expiresAt: expiresAt,
                revokedAt: nil))
    }

    /// Administrator tokens per page when the request names no `limit`.
    public static let defaultTokenPageSize = 100

    /// One page of the tokens of `tenant` (`nil`: the platform tokens), revoked and expired ones included, newest
    /// first and then by id (a unique order, so following the cursors neither skips nor repeats a token while others
    /// are made).
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func adminTokens(tenant: String?, page: PageRequest, by principal: Principal) async throws -> Page<AdminTokenView> {
        try AdminRoles.require(.adminTokenList, principal, target: tenant.map(AdminTarget.tenant) ?? .platform)
        let records: Page<AdminTokenRecord> = try await Page.read(page, list: "admin-tokens", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: Optional($0.time), id: $0.id) }
            return try await store.read { session in try await session.adminTokens(tenant: tenant, after: position, limit: limit) }
        } key: {
            [String($0.createdAt.map(AuditEvent.seconds(of:)) ?? 0), $0.id]
        }
        return Page(items: records.items.map(Self.view), next: records.next)
    }

    /// Revokes token `id` of `tenant` (`nil`: a platform token). The last usable platform administrator token
    /// cannot be revoked (`conflict`): nobody can lock the platform out.
    public func revokeAdminToken(_ id: String, tenant: String?, by principal: Principal) async throws {
        try AdminRoles.require(.adminTokenRevoke, principal, target: tenant.map(AdminTarget.tenant) ?? .platform)
        let now = clock.now()
        try await store.write { session in
            let tokens = try await session.adminTokens(tenant: tenant)
            guard let record = tokens.first(where: { $0.id == id }), record.revokedAt == nil else {
                throw LanyardError(.notFound, "There is no active administrator token '\(id)' here.")
            }
            if record.role == .platformAdmin, record.isUsable(at: now), try await session.usablePlatformAdminTokenCount(at: now) <= 1 {
                throw LanyardError(.invalidState, "'\(id)' is the last platform administrator token; make another before revoking it.")
            }
            guard try await session.revokeAdminToken(id: id, tenant: tenant, at: now) else {
                throw LanyardError(.notFound, "There is no active administrator token '\(id)' here.")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant ?? Tenant.defaultName, at: now, actor: principal.actor, action: .adminTokenRevoke,
                    target: "admin_token:\(id)", details: ["role": record.role.rawValue]),
                in: session)
        }
    }

    static func view(_ record: AdminTokenRecord) -> AdminTokenView {
        AdminTokenView(
            id: record.id, role: record.role.rawValue, tenant: record.tenant, subject: record.subject, description: record.description,
            createdAt: record.createdAt, expiresAt: record.expiresAt, revokedAt: record.revokedAt)
    }
}
