import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: Policy store

    func insertPolicyVersion(_ version: PolicyVersion, policyCount: Int) async throws {
        noteChange(.policies(tenant: version.tenant))
        let links = try Self.json(version.links)
        try await guarded("Policy version \(version.version) of tenant \(version.tenant) already exists.") {
            try await db.raw(
                """
                INSERT INTO policy_versions (tenant, version, policies, guardrails, schema_text, author, message, created_at, policy_count, links)
                VALUES (\(bind: version.tenant), \(bind: Int64(version.version)), \(bind: version.policies), \(bind: version.guardrails),
                    \(bind: version.schema), \(bind: version.author), \(bind: version.message), \(bind: Self.seconds(version.createdAt)),
                    \(bind: Int64(policyCount)), \(bind: links))
                """
            ).run()
        }
    }

    func latestPolicyVersion(tenant: String) async throws -> PolicyVersion? {
        try await db.raw("SELECT * FROM policy_versions WHERE tenant = \(bind: tenant) ORDER BY version DESC LIMIT 1").first()
            .map(Self.policyVersion(from:))
    }

    func policyVersion(tenant: String, version: Int) async throws -> PolicyVersion? {
        try await db.raw("SELECT * FROM policy_versions WHERE tenant = \(bind: tenant) AND version = \(bind: Int64(version))").first()
            .map(Self.policyVersion(from:))
    }

    func policyVersionSummaries(tenant: String, before: Int?, limit: Int) async throws -> [PolicyVersionSummary] {
        var query: SQLQueryString = """
            SELECT version, author, message, created_at, policy_count, schema_text IS NOT NULL AS has_schema
            FROM policy_versions WHERE tenant = \(bind: tenant)
            """
        if let before { query += " AND version < \(bind: Int64(before))" }
        query += " ORDER BY version DESC LIMIT \(bind: Int64(limit))"
        return try await db.raw(query).all().map { row in
            PolicyVersionSummary(
                version: Int(try row.decode(column: "version", as: Int64.self)), author: try row.decode(column: "author", as: String.self),
                message: try row.decode(column: "message", as: String.self),
                createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                policyCount: Int(try row.decode(column: "policy_count", as: Int64.self)),
                hasSchema: try Self.bool(row, "has_schema"))
        }
    }

    static func policyVersion(from row: any SQLRow) throws -> PolicyVersion {
        PolicyVersion(
            tenant: try row.decode(column: "tenant", as: String.self), version: Int(try row.decode(column: "version", as: Int64.self)),
            policies: try row.decode(column: "policies", as: String.self), guardrails: try row.decode(column: "guardrails", as: String.self),
            schema: try row.decode(column: "schema_text", as: String?.self),
            links: try Self.decodeJSON([PolicyLink].self, row.decode(column: "links", as: String.self)),
            author: try row.decode(column: "author", as: String.self),
            message: try row.decode(column: "message", as: String.self),
            createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// A boolean expression column: SQLite answers an integer, PostgreSQL a boolean.
    static func bool(_ row: any SQLRow, _ column: String) throws -> Bool {
        if let value = try? row.decode(column: column, as: Bool.self) { return value }
        return try row.decode(column: column, as: Int64.self) != 0
    }

    // MARK: Entity data

    func policyEntities(tenant: String) async throws -> [StoredEntity] {
        try await db.raw("SELECT entity_type, entity_id, body FROM policy_entities WHERE tenant = \(bind: tenant) ORDER BY entity_type, entity_id")
            .all().map { row in
                StoredEntity(
                    type: try row.decode(column: "entity_type", as: String.self), id: try row.decode(column: "entity_id", as: String.self),
                    json: try row.decode(column: "body", as: String.self))
            }
    }

    func replacePolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws {
        noteChange(.policies(tenant: tenant))
        try await db.raw("DELETE FROM policy_entities WHERE tenant = \(bind: tenant)").run()
        try await upsertPolicyEntities(tenant: tenant, entities)
    }

    func upsertPolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws {
        noteChange(.policies(tenant: tenant))
        var unique: [String: StoredEntity] = [:]
        for entity in entities { unique[entity.type + "\u{0}" + entity.id] = entity }
        let rows = unique.values.sorted { ($0.type, $0.id) < ($1.type, $1.id) }
        for part in stride(from: 0, to: rows.count, by: RowAppends.chunk) {
            var query: SQLQueryString = "INSERT INTO policy_entities (tenant, entity_type, entity_id, body) VALUES"
            for (index, entity) in rows[part..<min(part + RowAppends.chunk, rows.count)].enumerated() {
                query += index == 0 ? " " : ", "
                query += "(\(bind: tenant), \(bind: entity.type), \(bind: entity.id), \(bind: entity.json))"
            }
            query += " ON CONFLICT (tenant, entity_type, entity_id) DO UPDATE SET body = excluded.body"
            try await db.raw(query).run()
        }
    }

    func deletePolicyEntity(tenant: String, type: String, id: String) async throws -> Bool {
        noteChange(.policies(tenant: tenant))
        let rows = try await db.raw(
            """
            DELETE FROM policy_entities WHERE tenant = \(bind: tenant) AND entity_type = \(bind: type) AND entity_id = \(bind: id)
            RETURNING entity_id
            """
        ).all()
        return !rows.isEmpty
    }

    // MARK: Owners

    func setOwnerStatus(tenant: String, _ status: OwnerStatus) async throws {
        try await db.raw(
            """
            INSERT INTO owner_status (tenant, owner, active, changed_at, changed_by, reason)
            VALUES (\(bind: tenant), \(bind: status.owner), \(bind: Int64(status.active ? 1 : 0)), \(bind: Self.seconds(status.changedAt)),
                \(bind: status.changedBy), \(bind: status.reason))
            ON CONFLICT (tenant, owner) DO UPDATE SET active = excluded.active, changed_at = excluded.changed_at,
                changed_by = excluded.changed_by, reason = excluded.reason
            """
        ).run()
        noteChange(.ownerStatus(tenant: tenant, owner: status.owner))
    }

    func ownerStatus(tenant: String, owner: String) async throws -> OwnerStatus? {
        try await db.raw("SELECT * FROM owner_status WHERE tenant = \(bind: tenant) AND owner = \(bind: owner)").first().map(Self.ownerStatus(from:))
    }

    func ownerStatuses(tenant: String, after: String?, limit: Int?) async throws -> [OwnerStatus] {
        try await db.raw(Self.keyset("SELECT * FROM owner_status WHERE tenant = \(bind: tenant)", on: "owner", after: after, limit: limit)).all()
            .map(Self.ownerStatus(from:))
    }

    static func ownerStatus(from row: any SQLRow) throws -> OwnerStatus {
        OwnerStatus(
            owner: try row.decode(column: "owner", as: String.self), active: try row.decode(column: "active", as: Int64.self) != 0,
            changedAt: Self.date(try row.decode(column: "changed_at", as: Int64.self)),
            changedBy: try row.decode(column: "changed_by", as: String.self), reason: try row.decode(column: "reason", as: String?.self))
    }
}
