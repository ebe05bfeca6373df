import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// Administrator tokens (only hashes are kept) and tenants' admin policy versions.
extension SQLSession {
    func insertAdminToken(_ record: AdminTokenRecord) async throws {
        try await guarded("That administrator token already exists.") {
            try await db.raw(
                """
                INSERT INTO admin_tokens (id, tenant, role, token_hash, description, subject, created_at, expires_at, revoked_at)
                VALUES (\(bind: record.id), \(bind: record.tenant), \(bind: record.role.rawValue), \(bind: record.tokenHash),
                    \(bind: record.description), \(bind: record.subject), \(bind: record.createdAt.map(Self.seconds)),
                    \(bind: record.expiresAt.map(Self.seconds)), \(bind: record.revokedAt.map(Self.seconds)))
                """
            ).run()
        }
    }

    func adminToken(hash: String) async throws -> AdminTokenRecord? {
        try await db.raw("SELECT * FROM admin_tokens WHERE token_hash = \(bind: hash)").first().map(Self.adminToken(from:))
    }

    /// A token made before creation times were kept sorts as made at 0 (last), on both engines alike (PostgreSQL would
    /// put NULLs first in a descending order, SQLite last).
    func adminTokens(tenant: String?, after: (createdAt: Date?, id: String)?, limit: Int?) async throws -> [AdminTokenRecord] {
        var query: SQLQueryString = "SELECT * FROM admin_tokens WHERE tenant IS NULL"
        if let tenant { query = "SELECT * FROM admin_tokens WHERE tenant = \(bind: tenant)" }
        let position = after.map { (seconds: $0.createdAt.map(Self.seconds) ?? 0, id: $0.id) }
        query = Self.keyset(query, time: "COALESCE(created_at, 0)", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.adminToken(from:))
    }

    func revokeAdminToken(id: String, tenant: String?, at instant: Date) async throws -> Bool {
        noteChange(.adminTokens)
        let rows: [any SQLRow]
        if let tenant {
            rows = try await db.raw(
                """
                UPDATE admin_tokens SET revoked_at = \(bind: Self.seconds(instant))
                WHERE id = \(bind: id) AND tenant = \(bind: tenant) AND revoked_at IS NULL RETURNING id
                """
            ).all()
        } else {
            rows = try await db.raw(
                """
                UPDATE admin_tokens SET revoked_at = \(bind: Self.seconds(instant))
                WHERE id = \(bind: id) AND tenant IS NULL AND revoked_at IS NULL RETURNING id
                """
            ).all()
        }
        return !rows.isEmpty
    }

    func hasPlatformAdminToken() async throws -> Bool {
        try await db.raw("SELECT id FROM admin_tokens WHERE role = \(bind: Principal.Role.platformAdmin.rawValue) LIMIT 1").first() != nil
    }

    func usablePlatformAdminTokenCount(at instant: Date) async throws -> Int {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS n FROM admin_tokens
            WHERE role = \(bind: Principal.Role.platformAdmin.rawValue) AND revoked_at IS NULL
              AND (expires_at IS NULL OR expires_at > \(bind: Self.seconds(instant)))
            """
        ).first()
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    static func adminToken(from row: any SQLRow) throws -> AdminTokenRecord {
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = Principal.Role(rawValue: roleText) else {
            throw LanyardError(.internal, "Stored administrator token has an unknown role '\(roleText)'.")
        }
        return AdminTokenRecord(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String?.self),
            role: role, tokenHash: try row.decode(column: "token_hash", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Int64?.self).map(Self.date),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Self.date),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Self.date))
    }

    // MARK: Tenant admin policies

    func insertAdminPolicyVersion(_ version: AdminPolicyVersion) async throws {
        noteChange(.adminPolicies(tenant: version.tenant))
        try await guarded("Admin policy version \(version.version) of tenant \(version.tenant) already exists.") {
            try await db.raw(
                """
                INSERT INTO admin_policy_versions (tenant, version, policies, author, message, created_at)
                VALUES (\(bind: version.tenant), \(bind: Int64(version.version)), \(bind: version.policies), \(bind: version.author),
                    \(bind: version.message), \(bind: Self.seconds(version.createdAt)))
                """
            ).run()
        }
    }

    func latestAdminPolicyVersion(tenant: String) async throws -> AdminPolicyVersion? {
        guard
            let row = try await db.raw(
                "SELECT * FROM admin_policy_versions WHERE tenant = \(bind: tenant) ORDER BY version DESC LIMIT 1"
            ).first()
        else { return nil }
        return AdminPolicyVersion(
            tenant: try row.decode(column: "tenant", as: String.self), version: Int(try row.decode(column: "version", as: Int64.self)),
            policies: try row.decode(column: "policies", as: String.self), author: try row.decode(column: "author", as: String.self),
            message: try row.decode(column: "message", as: String.self),
            createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)))
    }
}
