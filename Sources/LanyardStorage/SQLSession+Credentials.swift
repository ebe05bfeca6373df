import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: Signing keys

    func insertSigningKey(_ record: SigningKeyRecord) async throws {
        noteChange(.signingKeys(tenant: record.tenant))
        let jwk = try Self.json(record.publicJWK)
        let sealed = Data(record.sealedPrivateKey).base64EncodedString()
        try await guarded("Signing key \(record.kid) already exists.") {
            try await db.raw(
                """
                INSERT INTO signing_keys (tenant, kid, algorithm, state, created_at, publish_until, sealed_private_key, public_jwk)
                VALUES (\(bind: record.tenant), \(bind: record.kid), \(bind: record.algorithm.rawValue), \(bind: record.state.rawValue),
                    \(bind: Self.seconds(record.createdAt)), \(bind: record.publishUntil.map(Self.seconds)), \(bind: sealed), \(bind: jwk))
                """
            ).run()
        }
    }

    func updateSigningKey(_ record: SigningKeyRecord, from state: SigningKeyState) async throws -> Bool {
        noteChange(.signingKeys(tenant: record.tenant))
        return try await !db.raw(
            """
            UPDATE signing_keys SET state = \(bind: record.state.rawValue), publish_until = \(bind: record.publishUntil.map(Self.seconds))
            WHERE tenant = \(bind: record.tenant) AND kid = \(bind: record.kid) AND state = \(bind: state.rawValue)
            RETURNING kid
            """
        ).all().isEmpty
    }

    func signingKeys(tenant: String, after: (createdAt: Date, kid: String)?, limit: Int?) async throws -> [SigningKeyRecord] {
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.kid) }
        let query = Self.keyset(
            "SELECT * FROM signing_keys WHERE tenant = \(bind: tenant)", time: "created_at", then: "kid", descending: false, after: position, limit: limit)
        return try await db.raw(query).all().map { row in
            let algorithmText = try row.decode(column: "algorithm", as: String.self)
            let stateText = try row.decode(column: "state", as: String.self)
            guard let algorithm = SigningAlgorithm(rawValue: algorithmText), let state = SigningKeyState(rawValue: stateText),
                let sealed = Data(base64Encoded: try row.decode(column: "sealed_private_key", as: String.self))
            else { throw LanyardError(.internal, "A stored signing key of tenant \(tenant) is malformed.") }
            return SigningKeyRecord(
                kid: try row.decode(column: "kid", as: String.self), tenant: tenant, algorithm: algorithm, state: state,
                createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                publishUntil: try row.decode(column: "publish_until", as: Int64?.self).map(Self.date),
                sealedPrivateKey: Array(sealed),
                publicJWK: try Self.decodeJSON(JSONValue.self, row.decode(column: "public_jwk", as: String.self))
            )
        }
    }

    // MARK: Credentials

    func insertCredential(_ record: CredentialRecord) async throws {
        let scopes = try Self.json(record.scopes)
        try await guarded("Credential \(record.jti) already exists.") {
            try await db.raw(
                """
                INSERT INTO credentials (tenant, jti, identity_id, owner, scopes, audience, issued_at, expires_at, revoked_at, revoke_reason,
                    task_id, parent_jti)
                VALUES (\(bind: record.tenant), \(bind: record.jti), \(bind: record.identityId), \(bind: record.owner), \(bind: scopes),
                    \(bind: record.audience), \(bind: Self.seconds(record.issuedAt)), \(bind: Self.seconds(record.expiresAt)),
                    \(bind: record.revokedAt.map(Self.seconds)), \(bind: record.revokeReason), \(bind: record.task),
                    \(bind: record.parentJTI))
                """
            ).run()
        }
    }

    func credential(tenant: String, jti: String) async throws -> CredentialRecord? {
        try await db.raw("SELECT * FROM credentials WHERE tenant = \(bind: tenant) AND jti = \(bind: jti)").first().map(Self.credential(from:))
    }

    func credentials(tenant: String, identityId: String?, after: (issuedAt: Date, jti: String)?, limit: Int) async throws -> [CredentialRecord] {
        var query: SQLQueryString = "SELECT * FROM credentials WHERE tenant = \(bind: tenant)"
        if let identityId { query += " AND identity_id = \(bind: identityId)" }
        let position = after.map { (seconds: Self.seconds($0.issuedAt), id: $0.jti) }
        query = Self.keyset(query, time: "issued_at", then: "jti", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.credential(from:))
    }

    func revokeCredentials(tenant: String, target: RevocationTarget, at: Date, reason: String) async throws -> [CredentialRecord] {
        let now = Self.seconds(at)
        var condition: SQLQueryString = "tenant = \(bind: tenant) AND revoked_at IS NULL AND expires_at > \(bind: now)"
        switch target {
        case .credential(let jti): condition += " AND jti = \(bind: jti)"
        case .identity(let id): condition += " AND identity_id = \(bind: id)"
        case .owner(let owner): condition += " AND owner = \(bind: owner)"
        }
        let rows = try await db.raw("UPDATE credentials SET revoked_at = \(bind: now), revoke_reason = \(bind: reason) WHERE " + condition + " RETURNING *")
            .all()
        var revoked = try rows.map(Self.credential(from:))
        if case .credential(let jti) = target {
            revoked += try await revokeDescendants(of: jti, tenant: tenant, now: now, reason: reason)
        }
        for record in revoked {
            noteChange(.credentialRevoked(tenant: tenant, jti: record.jti, expiresAt: Self.seconds(record.expiresAt)))
        }
        // An identity's (or owner's) cut-off also covers tokens whose records were not written (none should be).
        switch target {
        case .credential: break
        case .identity(let id): noteChange(.identityCredentialsRevoked(tenant: tenant, identity: id, at: now))
        case .owner:
            for id in Set(revoked.map(\.identityId)).sorted() {
                noteChange(.identityCredentialsRevoked(tenant: tenant, identity: id, at: now))
            }
        }
        return revoked
    }

    /// Revokes the live credentials exchanged from `jti`, their children, and so on (a chain is at most
    /// ``CredentialRecord/maxExchangeDepth`` long, so that many rounds reach every descendant).
    private func revokeDescendants(of jti: String, tenant: String, now: Int64, reason: String) async throws -> [CredentialRecord] {
        var frontier = [jti]
        var revoked: [CredentialRecord] = []
        for _ in 0..<CredentialRecord.maxExchangeDepth where !frontier.isEmpty {
            var parents = SQLQueryString("")
            for (index, parent) in frontier.enumerated() { parents += index == 0 ? "\(bind: parent)" : ", \(bind: parent)" }
            let rows = try await db.raw(
                "UPDATE credentials SET revoked_at = \(bind: now), revoke_reason = \(bind: reason) WHERE tenant = \(bind: tenant) "
                    + "AND revoked_at IS NULL AND parent_jti IN (" + parents + ") RETURNING *"
            ).all()
            let children = try rows.map(Self.credential(from:))
            revoked += children
            frontier = children.map(\.jti)
        }
        return revoked
    }

    func revokedCredentials(unexpiredAt instant: Date) async throws -> [CredentialRecord] {
        try await db.raw("SELECT * FROM credentials WHERE revoked_at IS NOT NULL AND expires_at > \(bind: Self.seconds(instant))").all()
            .map(Self.credential(from:))
    }

    func recordAssertion(tenant: String, clientID: String, jti: String, expiresAt: Date) async throws {
        try await guarded("This client assertion was already used; sign a new one with a fresh jti.") {
            try await db.raw(
                """
                INSERT INTO client_assertions (tenant, client_id, jti, expires_at)
                VALUES (\(bind: tenant), \(bind: clientID), \(bind: jti), \(bind: Self.seconds(expiresAt)))
                """
            ).run()
        }
    }

    static func credential(from row: any SQLRow) throws -> CredentialRecord {
        CredentialRecord(
            jti: try row.decode(column: "jti", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            identityId: try row.decode(column: "identity_id", as: String.self), owner: try row.decode(column: "owner", as: String.self),
            scopes: try decodeJSON([String].self, row.decode(column: "scopes", as: String.self)),
            audience: try row.decode(column: "audience", as: String.self),
            issuedAt: date(try row.decode(column: "issued_at", as: Int64.self)),
            expiresAt: date(try row.decode(column: "expires_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(date),
            revokeReason: try row.decode(column: "revoke_reason", as: String?.self),
            task: try row.decode(column: "task_id", as: String?.self), parentJTI: try row.decode(column: "parent_jti", as: String?.self)
        )
    }
}
