import CedarPolicy
public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// The per-tenant policy store (versions of policies, guardrails and schema), the entity data the policies
/// read, and the status of identity owners. Every change is validated before it takes effect, is one
/// transaction with its audit event, and is in force for decisions when the call returns.
public struct PolicyAdministration: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let snapshots: PolicySnapshots
    /// Owner status changes and the leaver cascade.
    let owners: OwnerLifecycle

    /// Largest number of entities a tenant may keep.
    public static let maxEntities = 200_000
    /// Largest Cedar text accepted for one document.
    public static let maxDocumentBytes = 8 * 1024 * 1024

    init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, snapshots: PolicySnapshots, random: any RandomSource) {
        self.owners = OwnerLifecycle(audit: audit, random: random)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.snapshots = snapshots
    }

    /// The version in force (version 0, the built-in starting point, when nothing was pushed yet).
    public func current(tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyRead, principal, tenant: tenant)
        return try await store.read { session in try await Self.latest(tenant: tenant, in: session) }
    }

    /// One version, by number.
    public func version(_ number: Int, tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyHistory, principal, tenant: tenant)
        let found = try await store.read { session in
            try await Self.requireTenant(tenant, in: session)
            return number == 0 ? Self.initial(tenant: tenant) : try await session.policyVersion(tenant: tenant, version: number)
        }
        guard let found else { throw LanyardError(.notFound, "Tenant '\(tenant)' has no policy version \(number).") }
        return found
    }

    /// Versions per page when the request names no `limit`.
    public static let defaultHistoryPageSize = 100

    /// One page of the versions, newest first (down to the built-in version 0); a version number is unique and new
    /// versions only come first, so following the cursors neither skips nor repeats one.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func history(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<PolicyVersionSummary> {
        try AdminRoles.require(.policyHistory, principal, tenant: tenant)
        try page.requireLimit(maximum: 1000)
        let list = "policy-versions"
        let before = try page.cursor.map { Int(try PageCursor.decodeNumber($0, list: list, minimum: 0, maximum: Int64(Int32.max))) }
        var versions = try await store.read { session in
            try await Self.requireTenant(tenant, in: session)
            return try await session.policyVersionSummaries(tenant: tenant, before: before, limit: page.limit + 1)
        }
        if versions.count <= page.limit, (before ?? 1) > 0 {
            let initial = Self.initial(tenant: tenant)
            versions.append(
                PolicyVersionSummary(
                    version: 0, author: initial.author, message: initial.message, createdAt: initial.createdAt,
                    policyCount: Self.countPolicies(initial), hasSchema: false))
        }
        return Page(fetched: versions, limit: page.limit, list: list) { [String($0.version)] }
    }

    /// Checks candidate documents (each absent one taken from the version in force) without changing anything.
    public func validate(_ request: ValidatePoliciesRequest, tenant: String, by principal: Principal) async throws -> PolicyValidation {
        try AdminRoles.require(.policyValidate, principal, tenant: tenant)
        let (current, entities) = try await store.read { session in
            (try await Self.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
        }
        var candidate = current
        if let policies = request.policies { candidate.policies = policies }
        if let guardrails = request.guardrails { candidate.guardrails = guardrails }
        if let schema = request.schema { candidate.schema = schema.isEmpty ? nil : schema }
        try Self.checkSizes(candidate)
        switch CompiledPolicies.check(candidate, entities: entities) {
        case .success: return PolicyValidation(valid: true, problems: [], schemaChecked: candidate.schema != nil)
        case .failure(let found): return PolicyValidation(valid: false, problems: found.problems, schemaChecked: candidate.schema != nil)
        }
    }

    /// Makes a new version from the version in force with the given documents replaced. A version that does not
    /// validate is refused (`invalid_field`, listing the problems) and the version in force stays.
    public func push(_ request: PushPoliciesRequest, tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyPush, principal, tenant: tenant)
        let message = try Self.checkMessage(request.message)
        guard request.policies != nil || request.guardrails != nil || request.schema != nil || request.links != nil else {
            throw LanyardError(.invalidRequest, "Give at least one of policies, guardrails, schema or links.")
        }
        return try await change(tenant: tenant, by: principal, expectedVersion: request.expectedVersion, action: .policyPush) { current in
            var next = current
            if let policies = request.policies { next.policies = policies }
            if let guardrails = request.guardrails { next.guardrails = guardrails }
            if let schema = request.schema { next.schema = schema.isEmpty ? nil : schema }
            if let links = request.links { next.links = links }
            next.message = message
            return next
        }
    }

    /// Adds one template link (for example an entitlement: a grant template bound to an identity and a resource).
    public func addLink(_ link: PolicyLink, message: String, tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyLink, principal, tenant: tenant)
        let text = try Self.checkMessage(message)
        return try await change(tenant: tenant, by: principal, expectedVersion: nil, action: .policyLink) { current in
            var next = current
            next.links.append(link)
            next.message = text
            return next
        }
    }

    /// Removes the template link `id`; `not_found` when there is none.
    public func removeLink(_ id: String, message: String?, tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyUnlink, principal, tenant: tenant)
        let text = try Self.checkMessage(message ?? "Unlink \(id).")
        let current = try await self.current(tenant: tenant, by: principal)
        guard current.links.contains(where: { $0.id == id }) else { throw LanyardError(.notFound, "There is no template link '\(id)'.") }
        return try await change(tenant: tenant, by: principal, expectedVersion: current.version, action: .policyUnlink) { current in
            var next = current
            next.links.removeAll { $0.id == id }
            next.message = text
            return next
        }
    }

    /// Makes a new version with the content of version `number`.
    public func rollback(to number: Int, message: String?, tenant: String, by principal: Principal) async throws -> PolicyVersion {
        try AdminRoles.require(.policyRollback, principal, tenant: tenant)
        let text = try Self.checkMessage(message ?? "Roll back to version \(number).")
        let target = try await version(number, tenant: tenant, by: principal)
        return try await change(tenant: tenant, by: principal, expectedVersion: nil, action: .policyRollback) { current in
            var next = current
            next.policies = target.policies
            next.guardrails = target.guardrails
            next.schema = target.schema
            next.links = target.links
            next.message = text
            return next
        }
    }

    /// Validates outside the transaction (compiling a large set takes a while), then writes the new version
    /// only if nobody changed the store meanwhile.
    private func change(
        tenant: String, by principal: Principal, expectedVersion: Int?, action: AuditAction,
        _ edit: @Sendable (PolicyVersion) -> PolicyVersion
    ) async throws -> PolicyVersion {
        let (current, entities) = try await store.read { session in
            (try await Self.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
        }
        if let expectedVersion, expectedVersion != current.version {
            throw LanyardError(
                .invalidState, "The policy store is at version \(current.version), not \(expectedVersion); pull, merge and push again.",
                field: "expectedVersion")
        }
        var next = edit(current)
        next.version = current.version + 1
        next.author = principal.actor
        next.createdAt = clock.now()
        try Self.checkSizes(next)
        let compiled = try CompiledPolicies.compile(next, entities: entities)
        let count = compiled.annotations.count
        let saved = next
        try await store.write { session in
            let latest = try await session.latestPolicyVersion(tenant: tenant)?.version ?? 0
            guard latest == current.version else {
                throw LanyardError(.invalidState, "The policy store changed while this change was checked; try again.")
            }
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            try await session.insertPolicyVersion(saved, policyCount: count)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: saved.createdAt, actor: principal.actor, action: action, target: "policy_store:\(tenant)",
                    details: [
                        "version": String(saved.version), "previousVersion": String(current.version), "message": saved.message,
                        "policies": String(count), "schema": saved.schema == nil ? "none" : "present", "links": String(saved.links.count),
                        "sha256": TokenHasher.hash(saved.policies + "\u{0}" + saved.guardrails + "\u{0}" + (saved.schema ?? "")),
                    ]),
                in: session)
        }
        try await snapshots.newest(tenant)
        return saved
    }

    // MARK: Entity data

    /// Replaces all of the tenant's entity data (`replace`) or adds and replaces the given entities, from a Cedar
    /// entities JSON array. The result must fit the schema in force; otherwise nothing changes.
    public func importEntities(json text: String, replace: Bool, tenant: String, by principal: Principal) async throws -> EntityImportResult {
        try AdminRoles.require(replace ? .entityReplace : .entityUpsert, principal, tenant: tenant)
        let incoming = try Self.readEntities(text)
        let (current, existing) = try await store.read { session in
            (try await Self.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
        }
        var merged: [String: StoredEntity] = [:]
        if !replace { for entity in existing { merged[Self.key(entity)] = entity } }
        for entity in incoming { merged[Self.key(entity)] = entity }
        guard merged.count <= Self.maxEntities else {
            throw LanyardError.invalid("entities", "A tenant may keep at most \(Self.maxEntities) entities.")
        }
        let all = merged.values.sorted { Self.key($0) < Self.key($1) }
        _ = try CompiledPolicies.compile(current, entities: all)
        let now = clock.now()
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            if replace {
                try await session.replacePolicyEntities(tenant: tenant, incoming)
            } else {
                try await session.upsertPolicyEntities(tenant: tenant, incoming)
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: replace ? .entitiesReplace : .entitiesUpsert,
                    target: "entities:\(tenant)",
                    details: ["imported": String(incoming.count), "total": String(all.count), "sha256": TokenHasher.hash(text)]),
                in: session)
        }
        try await snapshots.newest(tenant)
        return EntityImportResult(imported: incoming.count, total: all.count)
    }

    /// Deletes one entity; `not_found` when there is none.
    public func deleteEntity(type: String, id: String, tenant: String, by principal: Principal) async throws {
        try AdminRoles.require(.entityDelete, principal, tenant: tenant)
        let (current, existing) = try await store.read { session in
            (try await Self.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
        }
        let remaining = existing.filter { !($0.type == type && $0.id == id) }
        guard remaining.count < existing.count else { throw LanyardError(.notFound, "There is no entity \(type)::\"\(id)\".") }
        _ = try CompiledPolicies.compile(current, entities: remaining)
        let now = clock.now()
        try await store.write { session in
            guard try await session.deletePolicyEntity(tenant: tenant, type: type, id: id) else {
                throw LanyardError(.notFound, "There is no entity \(type)::\"\(id)\".")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .entitiesDelete, target: "entity:\(type)::\(id)"),
                in: session)
        }
        try await snapshots.newest(tenant)
    }

    /// The tenant's entity data as a Cedar entities JSON array, optionally of one type, ordered by type and id.
    public func entities(tenant: String, type: String?, by principal: Principal) async throws -> String {
        try AdminRoles.require(.entityRead, principal, tenant: tenant)
        let all = try await store.read { session in
            try await Self.requireTenant(tenant, in: session)
            return try await session.policyEntities(tenant: tenant)
        }
        let chosen = all.filter { type == nil || $0.type == type }.sorted { Self.key($0) < Self.key($1) }
        return "[" + chosen.map(\.json).joined(separator: ",") + "]"
    }

    /// Reads a Cedar entities JSON array into stored entities, refusing what the inventory owns.
    static func readEntities(_ text: String) throws -> [StoredEntity] {
        let root: CedarJSON
        do { root = try JSONParser.parse(text) } catch {
            throw LanyardError(.invalidRequest, "The entity data is not valid JSON: \(error)")
        }
        guard case .array(let items) = root else {
            throw LanyardError(.invalidRequest, "The entity data must be a JSON array of Cedar entities.")
        }
        guard items.count <= maxEntities else { throw LanyardError.invalid("entities", "At most \(maxEntities) entities are accepted.") }
        var out: [StoredEntity] = []
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .object = item, let uid = item["uid"] else {
                throw LanyardError.invalid("entities[\(index)]", "Entity \(index) needs a 'uid'.")
            }
            // Either {type, id} or the escaped {__entity: {type, id}}; both at once would be stored with one ignored.
            if uid["__entity"] != nil, uid["type"] != nil || uid["id"] != nil {
                throw LanyardError.invalid("entities[\(index)].uid", "Entity \(index)'s uid is {type, id} or {__entity: {type, id}}, not both.")
            }
            let inner = uid["__entity"] ?? uid
            guard case .string(let type)? = inner["type"], case .string(let id)? = inner["id"] else {
                throw LanyardError.invalid("entities[\(index)].uid", "Entity \(index) needs a uid with a string 'type' and 'id'.")
            }
            if type == LanyardCedarModel.templateType || type == LanyardCedarModel.tokenType {
                throw LanyardError.invalid("entities[\(index)]", "\(type) entities come from the inventory and cannot be imported.")
            }
            if type == LanyardCedarModel.userType {
                throw LanyardError.invalid("entities[\(index)]", "\(type) entities come from the SCIM directory and cannot be imported.")
            }
            if type == LanyardCedarModel.identityType {
                let attrs = item["attrs"].flatMap { value -> Bool? in
                    if case .object(let members) = value { return members.isEmpty }
                    return false
                }
                let tags = item["tags"].flatMap { value -> Bool? in
                    if case .object(let members) = value { return members.isEmpty }
                    return false
                }
                guard attrs ?? true, tags ?? true else {
                    throw LanyardError.invalid(
                        "entities[\(index)]",
                        "Attributes of \(type) come from the inventory; an imported \(type) may only list parents (roles and groups).")
                }
            }
            out.append(StoredEntity(type: type, id: id, json: item.serialized))
        }
        return out
    }

    static func key(_ entity: StoredEntity) -> String { entity.type + "\u{0}" + entity.id }

    // MARK: Owners

    /// Marks an owner inactive (or active again). Decisions for their identities change at once; a departure runs
    /// the leaver cascade (``OwnerLifecycle``): their identities are orphaned and their credentials revoked.
    public func setOwner(_ owner: String, active: Bool, reason: String?, tenant: String, by principal: Principal) async throws -> OwnerStatus {
        try AdminRoles.require(active ? .ownerActivate : .ownerDeactivate, principal, tenant: tenant)
        guard !owner.isEmpty, owner.unicodeScalars.count <= 256 else { throw LanyardError.invalid("owner", "owner must be 1 to 256 characters.") }
        if let reason, reason.utf8.count > 1000 { throw LanyardError.invalid("reason", "reason must be at most 1000 bytes.") }
        let now = clock.now()
        return try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            return try await owners.setStatus(owner: owner, active: active, reason: reason, tenant: tenant, actor: principal.actor, at: now, in: session)
        }
    }

    /// Owner statuses per page when the request names no `limit`.
    public static let defaultOwnerPageSize = 100

    /// One page of the owners whose status was ever set, by owner (unique in a tenant).
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list;
    ///   `not_found` when there is no such tenant.
    public func owners(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<OwnerStatus> {
        try AdminRoles.require(.ownerList, principal, tenant: tenant)
        return try await Page.read(page, list: "owners") { after, limit in
            try await store.read { session in
                try await Self.requireTenant(tenant, in: session)
                return try await session.ownerStatuses(tenant: tenant, after: after?.first, limit: limit)
            }
        } key: {
            [$0.owner]
        }
    }

    // MARK: Helpers

    static func initial(tenant: String) -> PolicyVersion {
        PolicyVersion(
            tenant: tenant, version: 0, policies: "", guardrails: LanyardCedarModel.defaultGuardrails, schema: nil,
            author: "system:lanyard", message: "Built-in starting point: the default guardrails.",
            createdAt: Date(timeIntervalSince1970: 0))
    }

    /// The version in force; `not_found` when there is no such tenant.
    static func latest(tenant: String, in session: any StoreSession) async throws -> PolicyVersion {
        try await requireTenant(tenant, in: session)
        return try await session.latestPolicyVersion(tenant: tenant) ?? initial(tenant: tenant)
    }

    static func requireTenant(_ tenant: String, in session: any StoreSession) async throws {
        guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
    }

    static func countPolicies(_ version: PolicyVersion) -> Int {
        let own = (try? CedarParser.parsePolicies(version.policies).count) ?? 0
        let guardrails = (try? CedarParser.parsePolicies(version.guardrails).count) ?? 0
        return own + guardrails
    }

    static func checkMessage(_ message: String) throws -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 1000 else {
            throw LanyardError.invalid("message", "message is required: say why, in at most 1000 characters.")
        }
        return trimmed
    }

    static func checkSizes(_ version: PolicyVersion) throws {
        for (name, text) in [("policies", version.policies), ("guardrails", version.guardrails), ("schema", version.schema ?? "")]
        where text.utf8.count > maxDocumentBytes {
            throw LanyardError.invalid(name, "\(name) is larger than \(maxDocumentBytes / 1024 / 1024) MiB.")
        }
        guard version.links.count <= 100_000 else { throw LanyardError.invalid("links", "A version may hold at most 100,000 template links.") }
        for link in version.links {
            for text in [link.id, link.template, link.principal?.type ?? "", link.principal?.id ?? "", link.resource?.type ?? "", link.resource?.id ?? ""]
            where text.utf8.count > 1024 {
                throw LanyardError.invalid("links", "Template link ids, templates and entity references are at most 1,024 bytes.")
            }
        }
    }
}
