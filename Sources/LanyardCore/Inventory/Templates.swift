import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Template administration: the defaults and caps registrations inherit.
public struct Templates: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// All templates of `tenant`, by name.
    public func list(tenant: String, by principal: Principal) async throws -> [IdentityTemplate] {
        try AdminRoles.require(.templateList, principal, tenant: tenant)
        return try await templates(tenant: tenant, after: nil, limit: nil)
    }

    /// Templates per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the templates of `tenant`, by name (unique in a tenant).
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list;
    ///   `not_found` when there is no such tenant.
    public func page(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<IdentityTemplate> {
        try AdminRoles.require(.templateList, principal, tenant: tenant)
        return try await Page.read(page, list: "templates") { after, limit in
            try await templates(tenant: tenant, after: after?.first, limit: limit)
        } key: {
            [$0.name]
        }
    }

    private func templates(tenant: String, after: String?, limit: Int?) async throws -> [IdentityTemplate] {
        try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            return try await session.templates(tenant: tenant, after: after, limit: limit)
        }
    }

    /// One template.
    public func find(_ name: String, tenant: String, by principal: Principal) async throws -> IdentityTemplate {
        try AdminRoles.require(.templateRead, principal, tenant: tenant)
        return try await store.read { session in
            guard let template = try await session.template(tenant: tenant, name: name) else {
                throw LanyardError(.notFound, "No template '\(name.prefix(64))' in tenant '\(tenant)'.")
            }
            return template
        }
    }

    /// Creates a custom template. Names are never reused; built-in templates cannot be replaced.
    public func create(_ request: CreateTemplateRequest, tenant: String, by principal: Principal) async throws -> IdentityTemplate {
        try AdminRoles.require(.templateCreate, principal, tenant: tenant)
        try NameRules.checkName(request.name, field: "name")
        let description = try NameRules.checkText(request.description, field: "description", maxLength: 512, required: false) ?? ""
        let defaultTTL = try TimeSpan(parsing: request.defaultTTL, field: "defaultTTL")
        let maxTTL = try TimeSpan(parsing: request.maxTTL, field: "maxTTL")
        guard defaultTTL <= maxTTL else {
            throw LanyardError.invalid("defaultTTL", "defaultTTL (\(defaultTTL)) may not be longer than maxTTL (\(maxTTL)).")
        }
        let environments = try (request.environments ?? ["sandbox"]).map { try DeploymentEnvironment.parse($0, field: "environments") }
        guard !environments.isEmpty, environments.count <= DeploymentEnvironment.allCases.count else {
            throw LanyardError.invalid("environments", "List between one and four environments.")
        }
        let maxDataClass = try request.maxDataClass.map { try DataClass.parse($0, field: "maxDataClass") } ?? .internal
        let stage = try request.stage.map { try LifecycleStage.parse($0, field: "stage") } ?? .prototype
        let allowedScopes = try Self.checkScopes(request.allowedScopes ?? [], field: "allowedScopes")
        let approvalScopes = try Self.checkScopes(request.approvalScopes ?? [], field: "approvalScopes")
        let tokenTTL = try request.tokenTTL.map { try TimeSpan(parsing: $0, field: "tokenTTL") } ?? IdentityTemplate.defaultTokenTTL
        let maxTokenTTL = try request.maxTokenTTL.map { try TimeSpan(parsing: $0, field: "maxTokenTTL") } ?? IdentityTemplate.defaultMaxTokenTTL
        guard tokenTTL <= maxTokenTTL else {
            throw LanyardError.invalid("tokenTTL", "tokenTTL (\(tokenTTL)) may not be longer than maxTokenTTL (\(maxTokenTTL)).")
        }
        guard maxTokenTTL.seconds <= 86_400 else {
            throw LanyardError.invalid("maxTokenTTL", "Access tokens live at most 1d; use a shorter maxTokenTTL.")
        }
        let orphanGrace =
            try request.orphanGracePeriod.map { try TimeSpan(parsing: $0, field: "orphanGracePeriod") } ?? IdentityTemplate.defaultOrphanGracePeriod
        guard orphanGrace <= .days(90) else {
            throw LanyardError.invalid("orphanGracePeriod", "orphanGracePeriod must be at most 90d, not \(orphanGrace).")
        }
        let expiryNotices = try request.expiryNotices.map { try Self.checkExpiryNotices($0, maxTTL: maxTTL) }
        let template = IdentityTemplate(
            name: request.name, description: description, defaultTTL: defaultTTL, maxTTL: maxTTL,
            environments: environments, maxDataClass: maxDataClass, stage: stage, allowedScopes: allowedScopes,
            approvalScopes: approvalScopes, builtin: false, tokenTTL: tokenTTL, maxTokenTTL: maxTokenTTL,
            requireDPoP: request.requireDPoP ?? false, orphanGracePeriod: orphanGrace, expiryNotices: expiryNotices,
            ownerGroup: try NameRules.checkText(request.ownerGroup, field: "ownerGroup", maxLength: 256, required: false),
            inactivityPeriod: try request.inactivityPeriod.map { try TimeSpan(parsing: $0, field: "inactivityPeriod") }
                ?? IdentityTemplate.defaultInactivityPeriod,
            groupScopes: try Self.checkGroupScopes(request.groupScopes ?? [:])
        )
        let now = clock.now()
        return try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            if try await session.template(tenant: tenant, name: template.name) != nil {
                throw LanyardError(.alreadyExists, "A template named '\(template.name)' already exists in tenant '\(tenant)'.", field: "name")
            }
            try await session.insertTemplate(template, tenant: tenant)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .templateCreate,
                    target: "template:\(template.name)", after: LanyardJSON.value(of: template)),
                in: session
            )
            return template
        }
    }

    /// Parses a template's expiry-notice leads: at most ``IdentityTemplate/maxExpiryNotices``, each a span of at most
    /// `maxTTL`, none twice. Returns them longest first.
    /// - Throws: `invalid_field` (`expiryNotices`) naming the lead at fault.
    static func checkExpiryNotices(_ texts: [String], maxTTL: TimeSpan) throws -> [TimeSpan] {
        let field = "expiryNotices"
        guard texts.count <= IdentityTemplate.maxExpiryNotices else {
            throw LanyardError.invalid(field, "A template has at most \(IdentityTemplate.maxExpiryNotices) expiry notices.")
        }
        var leads: [TimeSpan] = []
        for text in texts {
            let lead = try TimeSpan(parsing: text, field: field)
            guard lead <= maxTTL else {
                throw LanyardError.invalid(field, "The expiry notice \(lead) is longer than maxTTL (\(maxTTL)); no identity of this template lives that long.")
            }
            guard !leads.contains(lead) else { throw LanyardError.invalid(field, "The expiry notice \(lead) is listed twice.") }
            leads.append(lead)
        }
        return leads.sorted(by: >)
    }

    /// The most groups a template grants scopes through, and the most scopes per group.
    static let maxScopeGroups = 16
    static let maxScopesPerGroup = 32

    /// Checks a template's ``IdentityTemplate/groupScopes``: at most ``maxScopeGroups`` groups, each a directory group
    /// name (1–256 characters once trimmed, no control characters) with 1–``maxScopesPerGroup`` valid scopes.
    /// - Throws: `invalid_field` (`groupScopes`) naming the group at fault.
    static func checkGroupScopes(_ grants: [String: [String]]) throws -> [String: [String]] {
        let field = "groupScopes"
        guard grants.count <= maxScopeGroups else {
            throw LanyardError.invalid(field, "A template grants scopes through at most \(maxScopeGroups) groups.")
        }
        var checked: [String: [String]] = [:]
        for (group, scopes) in grants.sorted(by: { $0.key < $1.key }) {
            guard let name = try NameRules.checkText(group, field: field, maxLength: 256, required: true), checked[name] == nil else {
                throw LanyardError.invalid(field, "Group '\(group.trimmingCharacters(in: .whitespaces).prefix(64))' is named twice.")
            }
            guard !scopes.isEmpty, scopes.count <= maxScopesPerGroup else {
                throw LanyardError.invalid(field, "Group '\(group.prefix(64))' must grant between 1 and \(maxScopesPerGroup) scopes.")
            }
            checked[name] = try checkScopes(scopes, field: field)
        }
        return checked
    }

    static func checkScopes(_ scopes: [String], field: String) throws -> [String] {
        guard scopes.count <= 64 else { throw LanyardError.invalid(field, "At most 64 scopes are allowed.") }
        for scope in scopes {
            let bytes = Array(scope.utf8)
            // RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E
            guard !bytes.isEmpty, bytes.count <= 128,
                bytes.allSatisfy({ $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) })
            else {
                throw LanyardError.invalid(field, "'\(scope.prefix(64))' is not a valid OAuth scope (printable ASCII without spaces, quotes or backslashes).")
            }
        }
        return scopes
    }
}
