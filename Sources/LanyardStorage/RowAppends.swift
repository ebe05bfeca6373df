import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// Writes the claims of a batch of ``DurableAppend``s — used client assertions and credential records — in
/// multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` statements inside the batch's transaction, and says which
/// members were refused because a key was taken. A refusal never fails the statement, so the other members'
/// rows stay in the transaction and nothing is run twice.
enum RowAppends {
    /// Largest rows per INSERT statement (12 binds per credential row; SQLite allows 32,766).
    static let chunk = 200

    static let replayed = LanyardError(.alreadyExists, "This client assertion was already used; sign a new one with a fresh jti.")
    static func taken(_ jti: String) -> LanyardError { LanyardError(.alreadyExists, "Credential \(jti) already exists.") }

    private struct AssertionKey: Hashable {
        let tenant: String, clientID: String, jti: String
        init(tenant: String, clientID: String, jti: String) {
            self.tenant = tenant
            self.clientID = clientID
            self.jti = jti
        }
        init(_ assertion: UsedAssertion) { self.init(tenant: assertion.tenant, clientID: assertion.clientID, jti: assertion.jti) }
    }

    private struct CredentialKey: Hashable {
        let tenant: String, jti: String
    }

    /// Inserts the assertions, then the credentials, of `members`; returns the refused members by index. A member
    /// refused at the credential step has its assertion row deleted again, so a refused member leaves nothing.
    static func insertClaims(of members: [DurableAppend], into db: any SQLDatabase) async throws -> [Int: LanyardError] {
        var refused: [Int: LanyardError] = [:]
        // Two members of one batch claiming the same key: the first one wins, as if they had committed in order.
        var assertionClaims = Set<AssertionKey>()
        var credentialClaims = Set<CredentialKey>()
        for (index, member) in members.enumerated() {
            if let assertion = member.assertion, !assertionClaims.insert(AssertionKey(assertion)).inserted {
                refused[index] = replayed
            } else if let credential = member.credential, !credentialClaims.insert(CredentialKey(tenant: credential.tenant, jti: credential.jti)).inserted {
                refused[index] = taken(credential.jti)
            }
        }

        let assertions = members.indices.compactMap { index in refused[index] == nil ? members[index].assertion.map { (index, $0) } : nil }
        let insertedAssertions = try await insertAssertions(assertions.map(\.1), into: db)
        for (index, assertion) in assertions where !insertedAssertions.contains(AssertionKey(assertion)) {
            refused[index] = replayed
        }

        let credentials = members.indices.compactMap { index in refused[index] == nil ? members[index].credential.map { (index, $0) } : nil }
        let insertedCredentials = try await insertCredentials(credentials.map(\.1), into: db)
        for (index, credential) in credentials where !insertedCredentials.contains(CredentialKey(tenant: credential.tenant, jti: credential.jti)) {
            refused[index] = taken(credential.jti)
            if let assertion = members[index].assertion {
                try await db.raw(
                    """
                    DELETE FROM client_assertions
                    WHERE tenant = \(bind: assertion.tenant) AND client_id = \(bind: assertion.clientID) AND jti = \(bind: assertion.jti)
                    """
                ).run()
            }
        }
        return refused
    }

    private static func insertAssertions(_ assertions: [UsedAssertion], into db: any SQLDatabase) async throws -> Set<AssertionKey> {
        var inserted = Set<AssertionKey>()
        for part in stride(from: 0, to: assertions.count, by: chunk) {
            var query: SQLQueryString = "INSERT INTO client_assertions (tenant, client_id, jti, expires_at) VALUES"
            for (index, a) in assertions[part..<min(part + chunk, assertions.count)].enumerated() {
                query += index == 0 ? " " : ", "
                query += "(\(bind: a.tenant), \(bind: a.clientID), \(bind: a.jti), \(bind: SQLSession.seconds(a.expiresAt)))"
            }
            query += " ON CONFLICT DO NOTHING RETURNING tenant, client_id, jti"
            for row in try await db.raw(query).all() {
                inserted.insert(
                    AssertionKey(
                        tenant: try row.decode(column: "tenant", as: String.self), clientID: try row.decode(column: "client_id", as: String.self),
                        jti: try row.decode(column: "jti", as: String.self)))
            }
        }
        return inserted
    }

    private static func insertCredentials(_ credentials: [CredentialRecord], into db: any SQLDatabase) async throws -> Set<CredentialKey> {
        var inserted = Set<CredentialKey>()
        for part in stride(from: 0, to: credentials.count, by: chunk) {
            var query: SQLQueryString = """
                INSERT INTO credentials (tenant, jti, identity_id, owner, scopes, audience, issued_at, expires_at, revoked_at, revoke_reason, task_id, parent_jti) VALUES
                """
            for (index, r) in credentials[part..<min(part + chunk, credentials.count)].enumerated() {
                let scopes = try SQLSession.json(r.scopes)
                query += index == 0 ? " " : ", "
                query += """
                    (\(bind: r.tenant), \(bind: r.jti), \(bind: r.identityId), \(bind: r.owner), \(bind: scopes), \(bind: r.audience),
                    \(bind: SQLSession.seconds(r.issuedAt)), \(bind: SQLSession.seconds(r.expiresAt)),
                    \(bind: r.revokedAt.map(SQLSession.seconds)), \(bind: r.revokeReason), \(bind: r.task), \(bind: r.parentJTI))
                    """
            }
            query += " ON CONFLICT DO NOTHING RETURNING tenant, jti"
            for row in try await db.raw(query).all() {
                inserted.insert(CredentialKey(tenant: try row.decode(column: "tenant", as: String.self), jti: try row.decode(column: "jti", as: String.self)))
            }
        }
        return inserted
    }
}
