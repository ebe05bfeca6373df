import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// ``StoreSession`` over one SQL connection (inside a transaction for writes). The SQL is the same on
/// SQLite and PostgreSQL: times are `BIGINT` Unix seconds, JSON is `TEXT`, and binds are placeholders.
struct SQLSession: StoreSession {
    let db: any SQLDatabase
    let engine: SQLEngine
    /// Where a write transaction notes what it changed (``StateChange``), published by the store after the commit;
    /// `nil` in read sessions, which change nothing.
    var changes: ChangeBuffer?

    func noteChange(_ change: StateChange) { changes?.note(change) }

    // MARK: Tenants

    func insertTenant(_ tenant: Tenant) async throws {
        try await guarded("A tenant named '\(tenant.name)' already exists.") {
            try await db.raw(
                """
                INSERT INTO tenants (name, trust_domain, created_at, owner_directory)
                VALUES (\(bind: tenant.name), \(bind: tenant.trustDomain), \(bind: Self.seconds(tenant.createdAt)),
                    \(bind: tenant.ownerDirectory.rawValue))
                """
            ).run()
        }
    }

    func tenant(named name: String) async throws -> Tenant? {
        try await db.raw("SELECT * FROM tenants WHERE name = \(bind: name)").first().map(Self.tenant(from:))
    }

    func setOwnerDirectory(tenant: String, _ setting: OwnerDirectory) async throws -> Bool {
        try await !db.raw(
            "UPDATE tenants SET owner_directory = \(bind: setting.rawValue) WHERE name = \(bind: tenant) RETURNING name"
        ).all().isEmpty
    }

    func tenants(after: String?, limit: Int?) async throws -> [Tenant] {
        try await db.raw(Self.keyset("SELECT * FROM tenants WHERE 1 = 1", on: "name", after: after, limit: limit)).all().map(Self.tenant(from:))
    }

    // MARK: Templates

    func insertTemplate(_ template: IdentityTemplate, tenant: String) async throws {
        let body = try Self.json(template)
        try await guarded("A template named '\(template.name)' already exists.") {
            try await db.raw("INSERT INTO templates (tenant, name, body) VALUES (\(bind: tenant), \(bind: template.name), \(bind: body))").run()
        }
    }

    func template(tenant: String, name: String) async throws -> IdentityTemplate? {
        try await db.raw("SELECT body FROM templates WHERE tenant = \(bind: tenant) AND name = \(bind: name)").first()
            .map { try Self.decodeJSON(IdentityTemplate.self, $0.decode(column: "body", as: String.self)) }
    }

    func templates(tenant: String, after: String?, limit: Int?) async throws -> [IdentityTemplate] {
        try await db.raw(Self.keyset("SELECT body FROM templates WHERE tenant = \(bind: tenant)", on: "name", after: after, limit: limit)).all()
            .map { try Self.decodeJSON(IdentityTemplate.self, $0.decode(column: "body", as: String.self)) }
    }

    // MARK: Identities

    func insertIdentity(_ identity: Identity) async throws {
        noteChange(.identity(tenant: identity.tenant, id: identity.id))
        let destinations = try Self.json(identity.allowedDestinations)
        let keys = try Self.json(identity.publicKeys)
        try await guarded("An identity named '\(identity.name)' already exists in tenant '\(identity.tenant)'.", field: "name") {
            try await db.raw(
                """
                INSERT INTO identities (tenant, id, name, kind, owner, backup_owner, purpose, environment, data_class, stage,
                    status, template, spiffe_id, allowed_destinations, public_keys, offboarding_trigger, offboard_reason,
                    created_at, updated_at, expires_at, created_by, orphaned_at, orphan_grace_ends_at, graduated_from, graduated_to)
                VALUES (\(bind: identity.tenant), \(bind: identity.id), \(bind: identity.name), \(bind: identity.kind.rawValue),
                    \(bind: identity.owner), \(bind: identity.backupOwner), \(bind: identity.purpose), \(bind: identity.environment.rawValue),
                    \(bind: identity.dataClass.rawValue), \(bind: identity.stage.rawValue), \(bind: identity.status.rawValue),
                    \(bind: identity.template), \(bind: identity.spiffeId), \(bind: destinations), \(bind: keys),
                    \(bind: identity.offboardingTrigger.rawValue), \(bind: identity.offboardReason),
                    \(bind: Self.seconds(identity.createdAt)), \(bind: Self.seconds(identity.updatedAt)),
                    \(bind: Self.seconds(identity.expiresAt)), \(bind: identity.createdBy),
                    \(bind: identity.orphanedAt.map(Self.seconds)), \(bind: identity.orphanGraceEndsAt.map(Self.seconds)),
                    \(bind: identity.graduatedFrom), \(bind: identity.graduatedTo))
                """
            ).run()
        }
    }

    func updateIdentity(_ identity: Identity) async throws {
        noteChange(.identity(tenant: identity.tenant, id: identity.id))
        let destinations = try Self.json(identity.allowedDestinations)
        let keys = try Self.json(identity.publicKeys)
        try await db.raw(
            """
            UPDATE identities SET owner = \(bind: identity.owner), backup_owner = \(bind: identity.backupOwner),
                purpose = \(bind: identity.purpose), environment = \(bind: identity.environment.rawValue),
                data_class = \(bind: identity.dataClass.rawValue), stage = \(bind: identity.stage.rawValue),
                status = \(bind: identity.status.rawValue), allowed_destinations = \(bind: destinations),
                public_keys = \(bind: keys), offboarding_trigger = \(bind: identity.offboardingTrigger.rawValue),
                offboard_reason = \(bind: identity.offboardReason), updated_at = \(bind: Self.seconds(identity.updatedAt)),
                expires_at = \(bind: Self.seconds(identity.expiresAt)),
                orphaned_at = \(bind: identity.orphanedAt.map(Self.seconds)),
                orphan_grace_ends_at = \(bind: identity.orphanGraceEndsAt.map(Self.seconds)),
                graduated_from = \(bind: identity.graduatedFrom), graduated_to = \(bind: identity.graduatedTo)
            WHERE tenant = \(bind: identity.tenant) AND id = \(bind: identity.id)
            """
        ).run()
    }

    func identity(tenant: String, id: String) async throws -> Identity? {
        try await db.raw("SELECT * FROM identities WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.identity(from:))
    }

    func identity(tenant: String, name: String) async throws -> Identity? {
        try await db.raw("SELECT * FROM identities WHERE tenant = \(bind: tenant) AND name = \(bind: name)").first().map(Self.identity(from:))
    }

    func identity(tenant: String, spiffeID: String) async throws -> Identity? {
        try await db.raw("SELECT * FROM identities WHERE tenant = \(bind: tenant) AND spiffe_id = \(bind: spiffeID)").first().map(Self.identity(from:))
    }

    func identities(tenant: String, filter: IdentityFilter) async throws -> [Identity] {
        var query: SQLQueryString = "SELECT * FROM identities WHERE tenant = \(bind: tenant)"
        if let owner = filter.owner { query += " AND owner = \(bind: owner)" }
        if let status = filter.status { query += " AND status = \(bind: status.rawValue)" }
        if let kind = filter.kind { query += " AND kind = \(bind: kind.rawValue)" }
        if let before = filter.expiringBefore { query += " AND expires_at <= \(bind: Self.seconds(before))" }
        if let environment = filter.environment { query += " AND environment = \(bind: environment.rawValue)" }
        if let stage = filter.stage { query += " AND stage = \(bind: stage.rawValue)" }
        if let template = filter.template { query += " AND template = \(bind: template)" }
        if let text = filter.text {
            let pattern = "%" + Self.likeEscaped(Self.asciiLowercased(text)) + "%"
            query += " AND (lower(name) LIKE \(bind: pattern) ESCAPE '\\' OR lower(purpose) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        query += try Self.identityOrder(filter)
        query += " LIMIT \(bind: Int64(filter.limit))"
        return try await db.raw(query).all().map(Self.identity(from:))
    }

    /// The keyset condition after the filter's cursor and the `ORDER BY` of its sort: the field, then the name A to Z.
    static func identityOrder(_ filter: IdentityFilter) throws -> SQLQueryString {
        let sort = filter.sort
        let column: String
        switch sort.field {
        case .name: column = "name"
        case .kind: column = "kind"
        case .owner: column = "owner"
        case .environment: column = "environment"
        case .stage: column = "stage"
        case .status: column = "status"
        case .template: column = "template"
        case .expiry: column = "expires_at"
        case .created: column = "created_at"
        }
        var query: SQLQueryString = ""
        let before = sort.descending ? "<" : ">"
        let direction = sort.descending ? " DESC" : ""
        if sort.field == .name {
            if let after = filter.after { query += " AND name \(unsafeRaw: before) \(bind: after)" }
            return query + " ORDER BY name\(unsafeRaw: direction)"
        }
        if let after = filter.after, let key = filter.afterKey {
            if sort.field.isInstant {
                guard let seconds = Int64(key) else { throw PageCursor.refusal }
                query +=
                    " AND (\(unsafeRaw: column) \(unsafeRaw: before) \(bind: seconds) OR (\(unsafeRaw: column) = \(bind: seconds) AND name > \(bind: after)))"
            } else {
                query += " AND (\(unsafeRaw: column) \(unsafeRaw: before) \(bind: key) OR (\(unsafeRaw: column) = \(bind: key) AND name > \(bind: after)))"
            }
        }
        return query + " ORDER BY \(unsafeRaw: column)\(unsafeRaw: direction), name"
    }

    /// On PostgreSQL the rows are locked (`FOR UPDATE SKIP LOCKED`) so that sweepers on several nodes never
    /// expire the same identity twice; SQLite's single writer already serialises them.
    func identitiesDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [Identity] {
        var query: SQLQueryString = """
            SELECT * FROM identities WHERE status IN ('active', 'suspended', 'orphaned') AND expires_at <= \(bind: Self.seconds(instant))
            ORDER BY expires_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        if engine == .postgres { query += " FOR UPDATE SKIP LOCKED" }
        return try await db.raw(query).all().map(Self.identity(from:))
    }

    func expireIdentity(tenant: String, id: String, at: Date) async throws -> Bool {
        noteChange(.identity(tenant: tenant, id: id))
        let seconds = Self.seconds(at)
        return try await !db.raw(
            """
            UPDATE identities SET status = \(bind: IdentityStatus.expired.rawValue), updated_at = \(bind: seconds)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status IN ('active', 'suspended', 'orphaned') AND expires_at <= \(bind: seconds)
            RETURNING id
            """
        ).all().isEmpty
    }

    func orphansDue(graceEndedAtOrBefore instant: Date, limit: Int) async throws -> [Identity] {
        var query: SQLQueryString = """
            SELECT * FROM identities WHERE status = \(bind: IdentityStatus.orphaned.rawValue)
                AND orphan_grace_ends_at <= \(bind: Self.seconds(instant))
            ORDER BY orphan_grace_ends_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        if engine == .postgres { query += " FOR UPDATE SKIP LOCKED" }
        return try await db.raw(query).all().map(Self.identity(from:))
    }

    func suspendOrphan(tenant: String, id: String, at: Date) async throws -> Bool {
        noteChange(.identity(tenant: tenant, id: id))
        let seconds = Self.seconds(at)
        return try await !db.raw(
            """
            UPDATE identities SET status = \(bind: IdentityStatus.suspended.rawValue), updated_at = \(bind: seconds)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status = \(bind: IdentityStatus.orphaned.rawValue)
                AND orphan_grace_ends_at <= \(bind: seconds)
            RETURNING id
            """
        ).all().isEmpty
    }

    func idleIdentities(tenant: String, template: String, idleSince: Date, limit: Int) async throws -> [Identity] {
        let since = Self.seconds(idleSince)
        var query: SQLQueryString = """
            SELECT * FROM identities i WHERE i.tenant = \(bind: tenant) AND i.template = \(bind: template)
                AND i.status = \(bind: IdentityStatus.active.rawValue) AND i.offboarding_trigger = \(bind: OffboardingTrigger.inactivity.rawValue)
                AND i.created_at <= \(bind: since)
                AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.tenant = i.tenant AND c.identity_id = i.id AND c.issued_at > \(bind: since))
            ORDER BY i.name LIMIT \(bind: Int64(limit))
            """
        if engine == .postgres { query += " FOR UPDATE SKIP LOCKED" }
        return try await db.raw(query).all().map(Self.identity(from:))
    }

    func identityCounts() async throws -> [IdentityCount] {
        try await db.raw("SELECT tenant, status, COUNT(*) AS n FROM identities GROUP BY tenant, status ORDER BY tenant, status").all().compactMap { row in
            guard let status = IdentityStatus(rawValue: try row.decode(column: "status", as: String.self)) else { return nil }
            return IdentityCount(
                tenant: try row.decode(column: "tenant", as: String.self), status: status,
                count: Int(try row.decode(column: "n", as: Int64.self)))
        }
    }

    // MARK: Pages

    /// `query` (which ends in a `WHERE` clause) narrowed to one keyset page on a unique text column: the rows whose
    /// `column` sorts after `after` (all when `nil`), in that column's order, at most `limit` (all when `nil`).
    static func keyset(_ query: SQLQueryString, on column: String, after: String?, limit: Int?) -> SQLQueryString {
        var query = query
        if let after { query += " AND \(ident: column) > \(bind: after)" }
        query += " ORDER BY \(ident: column)"
        if let limit { query += " LIMIT \(bind: Int64(limit))" }
        return query
    }

    /// `query` (which ends in a `WHERE` clause) narrowed to one keyset page ordered by a time in whole seconds (`time`,
    /// a column or an expression of this code's, never of input) and then a unique text column `id`, ascending or
    /// newest first (`descending`; the id ascends either way): the rows after `after` in that order (all when `nil`),
    /// at most `limit` (all when `nil`).
    static func keyset(
        _ query: SQLQueryString, time: String, then id: String, descending: Bool, after: (seconds: Int64, id: String)?, limit: Int?
    ) -> SQLQueryString {
        var query = query
        if let after {
            let beyond = descending ? "<" : ">"
            query += " AND (\(unsafeRaw: time) \(unsafeRaw: beyond) \(bind: after.seconds)"
            query += " OR (\(unsafeRaw: time) = \(bind: after.seconds) AND \(ident: id) > \(bind: after.id)))"
        }
        query += " ORDER BY \(unsafeRaw: time)\(unsafeRaw: descending ? " DESC" : ""), \(ident: id)"
        if let limit { query += " LIMIT \(bind: Int64(limit))" }
        return query
    }

    // MARK: Row mapping

    static func tenant(from row: any SQLRow) throws -> Tenant {
        let setting = try row.decode(column: "owner_directory", as: String.self)
        guard let ownerDirectory = OwnerDirectory(rawValue: setting) else {
            throw LanyardError(.internal, "A stored tenant has an unknown owner_directory '\(setting)'.")
        }
        return Tenant(
            name: try row.decode(column: "name", as: String.self), trustDomain: try row.decode(column: "trust_domain", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)), ownerDirectory: ownerDirectory)
    }

    static func identity(from row: any SQLRow) throws -> Identity {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func parsed<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try text(column)
            guard let value = E(rawValue: raw) else {
                throw LanyardError(.internal, "Stored identity has an unknown \(column) '\(raw)'.")
            }
            return value
        }
        return Identity(
            id: try text("id"), tenant: try text("tenant"), name: try text("name"), kind: try parsed("kind", IdentityKind.self),
            owner: try text("owner"), backupOwner: try row.decode(column: "backup_owner", as: String?.self),
            purpose: try text("purpose"), environment: try parsed("environment", DeploymentEnvironment.self),
            dataClass: try parsed("data_class", DataClass.self), stage: try parsed("stage", LifecycleStage.self),
            status: try parsed("status", IdentityStatus.self), template: try text("template"), spiffeId: try text("spiffe_id"),
            allowedDestinations: try decodeJSON([String].self, text("allowed_destinations")),
            publicKeys: try decodeJSON([JSONValue].self, text("public_keys")),
            offboardingTrigger: try parsed("offboarding_trigger", OffboardingTrigger.self),
            offboardReason: try row.decode(column: "offboard_reason", as: String?.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: date(try row.decode(column: "updated_at", as: Int64.self)),
            expiresAt: date(try row.decode(column: "expires_at", as: Int64.self)),
            createdBy: try text("created_by"),
            orphanedAt: try row.decode(column: "orphaned_at", as: Int64?.self).map(date),
            orphanGraceEndsAt: try row.decode(column: "orphan_grace_ends_at", as: Int64?.self).map(date),
            graduatedFrom: try row.decode(column: "graduated_from", as: String?.self),
            graduatedTo: try row.decode(column: "graduated_to", as: String?.self)
        )
    }

    static func seconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard value.isFinite, value > -1e15, value < 1e15 else { return 0 }
        return Int64(value)
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// `text` for a `LIKE` pattern with a backslash as its escape: `%`, `_` and the backslash stand for themselves.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// `text` with A–Z lowered, as SQLite's `lower()` does.
    static func asciiLowercased(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value &+ 32) ?? $0 : $0 }))
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try LanyardJSON.encoder().encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try LanyardJSON.decoder().decode(type, from: Data(text.utf8))
    }

    /// Runs an insert, turning a unique-key violation (either engine) into `already_exists`.
    func guarded(_ message: String, field: String? = nil, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            if UniqueViolation.matches(error) { throw LanyardError(.alreadyExists, message, field: field) }
            throw error
        }
    }
}
