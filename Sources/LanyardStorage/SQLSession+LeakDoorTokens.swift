import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// The bearers of the tenants' GitLab-shaped leak doors (only hashes are kept).
extension SQLSession {
    func insertLeakDoorToken(_ token: LeakDoorToken) async throws {
        let t = token
        try await guarded("That leak door token already exists.") {
            try await db.raw(
                """
                INSERT INTO leak_door_tokens (tenant, id, token_hash, description, created_at, created_by, revoked_at)
                VALUES (\(bind: t.tenant), \(bind: t.id), \(bind: t.tokenHash), \(bind: t.description), \(bind: Self.seconds(t.createdAt)),
                    \(bind: t.createdBy), \(bind: t.revokedAt.map(Self.seconds)))
                """
            ).run()
        }
    }

    func leakDoorToken(hash: String) async throws -> LeakDoorToken? {
        try await db.raw("SELECT * FROM leak_door_tokens WHERE token_hash = \(bind: hash)").first().map(Self.leakDoorToken(from:))
    }

    func leakDoorTokens(tenant: String) async throws -> [LeakDoorToken] {
        try await db.raw("SELECT * FROM leak_door_tokens WHERE tenant = \(bind: tenant) ORDER BY created_at DESC, id").all()
            .map(Self.leakDoorToken(from:))
    }

    func revokeLeakDoorToken(tenant: String, id: String, at: Date) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE leak_door_tokens SET revoked_at = \(bind: Self.seconds(at))
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """
        ).all().isEmpty
    }

    static func leakDoorToken(from row: any SQLRow) throws -> LeakDoorToken {
        LeakDoorToken(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self), description: try row.decode(column: "description", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)), createdBy: try row.decode(column: "created_by", as: String.self),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(date))
    }
}
