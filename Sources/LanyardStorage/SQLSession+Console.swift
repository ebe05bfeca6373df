import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: SSO configuration

    func ssoConfiguration(tenant: String) async throws -> SSOConfiguration? {
        guard let row = try await db.raw("SELECT * FROM console_sso WHERE tenant = \(bind: tenant)").first() else { return nil }
        guard let auth = SSOConfiguration.ClientAuthentication(rawValue: try row.decode(column: "client_auth", as: String.self)) else {
            throw LanyardError(.internal, "A stored SSO client authentication method is unknown.")
        }
        var sealed: [UInt8]?
        if let text = try row.decode(column: "sealed_secret", as: String?.self) {
            guard let bytes = Data(base64Encoded: text) else { throw LanyardError(.internal, "A stored SSO client secret is not base64.") }
            sealed = Array(bytes)
        }
        return SSOConfiguration(
            tenant: tenant, issuer: try row.decode(column: "issuer", as: String.self), clientID: try row.decode(column: "client_id", as: String.self),
            clientAuthentication: auth, sealedSecret: sealed,
            roles: try Self.decodeJSON([String: Principal.Role].self, try row.decode(column: "roles", as: String.self)),
            groupsClaim: try row.decode(column: "groups_claim", as: String.self),
            updatedAt: Self.date(try row.decode(column: "updated_at", as: Int64.self)), updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    func putSSOConfiguration(_ configuration: SSOConfiguration) async throws {
        let roles = try Self.json(configuration.roles)
        let sealed = configuration.sealedSecret.map { Data($0).base64EncodedString() }
        try await db.raw(
            """
            INSERT INTO console_sso (tenant, issuer, client_id, client_auth, sealed_secret, roles, groups_claim, updated_at, updated_by)
            VALUES (\(bind: configuration.tenant), \(bind: configuration.issuer), \(bind: configuration.clientID),
                \(bind: configuration.clientAuthentication.rawValue), \(bind: sealed), \(bind: roles), \(bind: configuration.groupsClaim),
                \(bind: Self.seconds(configuration.updatedAt)), \(bind: configuration.updatedBy))
            ON CONFLICT (tenant) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id, client_auth = excluded.client_auth,
                sealed_secret = excluded.sealed_secret, roles = excluded.roles, groups_claim = excluded.groups_claim,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """
        ).run()
    }

    func deleteSSOConfiguration(tenant: String) async throws -> Bool {
        try await !db.raw("DELETE FROM console_sso WHERE tenant = \(bind: tenant) RETURNING tenant").all().isEmpty
    }

    // MARK: Sign-ins under way

    func insertSignInAttempt(_ attempt: ConsoleSignInAttempt) async throws {
        try await guarded("This sign-in is already under way.") {
            try await db.raw(
                """
                INSERT INTO console_signins (state_hash, tenant, sealed_secrets, return_to, created_at)
                VALUES (\(bind: attempt.stateHash), \(bind: attempt.tenant), \(bind: Data(attempt.sealedSecrets).base64EncodedString()),
                    \(bind: attempt.returnTo), \(bind: Self.seconds(attempt.createdAt)))
                """
            ).run()
        }
    }

    func takeSignInAttempt(tenant: String, stateHash: String) async throws -> ConsoleSignInAttempt? {
        guard
            let row = try await db.raw(
                "DELETE FROM console_signins WHERE tenant = \(bind: tenant) AND state_hash = \(bind: stateHash) RETURNING *"
            ).first()
        else { return nil }
        guard let sealed = Data(base64Encoded: try row.decode(column: "sealed_secrets", as: String.self)) else {
            throw LanyardError(.internal, "A stored sign-in's sealed values are not base64.")
        }
        return ConsoleSignInAttempt(
            stateHash: stateHash, tenant: tenant, sealedSecrets: Array(sealed), returnTo: try row.decode(column: "return_to", as: String.self),
            createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    func deleteSignInAttempts(before: Date) async throws -> Int {
        try await db.raw("DELETE FROM console_signins WHERE created_at < \(bind: Self.seconds(before)) RETURNING state_hash").all().count
    }

    // MARK: Sessions

    func insertConsoleSession(_ session: ConsoleSession) async throws {
        try await guarded("Console session \(session.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO console_sessions (id_hash, id, tenant, method, subject, email, name, role, created_at, last_seen_at, expires_at, ended_at)
                VALUES (\(bind: session.idHash), \(bind: session.id), \(bind: session.tenant), \(bind: session.method.rawValue),
                    \(bind: session.subject), \(bind: session.email), \(bind: session.name), \(bind: session.role.rawValue),
                    \(bind: Self.seconds(session.createdAt)), \(bind: Self.seconds(session.lastSeenAt)), \(bind: Self.seconds(session.expiresAt)),
                    \(bind: session.endedAt.map(Self.seconds)))
                """
            ).run()
        }
    }

    func consoleSession(idHash: String) async throws -> ConsoleSession? {
        guard let row = try await db.raw("SELECT * FROM console_sessions WHERE id_hash = \(bind: idHash)").first() else { return nil }
        guard let method = ConsoleSession.Method(rawValue: try row.decode(column: "method", as: String.self)),
            let role = Principal.Role(rawValue: try row.decode(column: "role", as: String.self))
        else { throw LanyardError(.internal, "A stored console session has an unknown method or role.") }
        return ConsoleSession(
            idHash: idHash, id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            method: method, subject: try row.decode(column: "subject", as: String.self), email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self), role: role,
            createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Self.date(try row.decode(column: "last_seen_at", as: Int64.self)),
            expiresAt: Self.date(try row.decode(column: "expires_at", as: Int64.self)),
            endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(Self.date))
    }

    func touchConsoleSession(idHash: String, at: Date) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE console_sessions SET last_seen_at = \(bind: Self.seconds(at))
            WHERE id_hash = \(bind: idHash) AND ended_at IS NULL RETURNING id
            """
        ).all().isEmpty
    }

    func endConsoleSession(idHash: String, at: Date) async throws -> Bool {
        try await !db.raw(
            "UPDATE console_sessions SET ended_at = \(bind: Self.seconds(at)) WHERE id_hash = \(bind: idHash) AND ended_at IS NULL RETURNING id"
        ).all().isEmpty
    }
}
