public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Tenants, the administrator tokens that act on them, and first-start bootstrap.
public struct Tenancy: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Where admin tokens and their identifiers come from.
    let random: any RandomSource
    /// The trust domain of the `default` tenant; other tenants get `<name>.<baseTrustDomain>`.
    let baseTrustDomain: String
    /// Provisions signing keys for new tenants, when credentials are enabled.
    let keys: KeyManagement?
    /// Where recently authenticated administrator tokens (by hash) are kept, for ``principalCacheSeconds``.
    let state: TenantState
    /// How long an authenticated administrator token is remembered without a database read.
    public static let principalCacheSeconds: TimeInterval = 10

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, state: TenantState, baseTrustDomain: String,
        keys: KeyManagement? = nil, random: any RandomSource = SystemRandom()
    ) {
        self.state = state
        self.random = random
        self.store = store
        self.audit = audit
        self.clock = clock
        self.baseTrustDomain = baseTrustDomain
        self.keys = keys
    }

    /// An admin authorizer over the same store, audit log and clock.
    public func adminAuthorizer() -> AdminAuthorizer { AdminAuthorizer(store: store, audit: audit, clock: clock, state: state) }

    /// Makes sure the `default` tenant and a platform administrator token exist.
    ///
    /// - Parameter providedToken: a token chosen by the operator (from `--bootstrap-token-file`); it becomes a
    ///   platform administrator token if it is not one already.
    /// - Returns: a newly generated platform token when none existed and none was provided (print it once),
    ///   otherwise `nil`.
    public func bootstrap(providedToken: String?) async throws -> String? {
        if let providedToken {
            guard providedToken.utf8.count >= 32, providedToken.utf8.count <= 256,
                providedToken.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                throw LanyardError(.invalidConfiguration, "The bootstrap token must be 32–256 printable ASCII characters without spaces.")
            }
        }
        let now = clock.now()
        let trustDomain = baseTrustDomain
        return try await store.write { session in
            if try await session.tenant(named: Tenant.defaultName) == nil {
                try await Self.createTenantRecords(
                    Tenant(name: Tenant.defaultName, trustDomain: trustDomain, createdAt: now),
                    actor: "system:bootstrap", session: session, audit: audit, keys: keys
                )
            }
            if let providedToken {
                let hash = TokenHasher.hash(providedToken)
                if try await session.adminToken(hash: hash) == nil {
                    try await insertToken(
                        hash: hash, tenant: nil, role: .platformAdmin, description: "bootstrap (from file)", actor: "system:bootstrap", session: session,
                        now: now)
                }
                return nil
            }
            guard try await !session.hasPlatformAdminToken() else { return nil }
            var generator = random.generator()
            let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
            try await insertToken(
                hash: TokenHasher.hash(token), tenant: nil, role: .platformAdmin, description: "bootstrap", actor: "system:bootstrap", session: session,
                now: now)
            return token
        }
    }

    /// Resolves a presented bearer token to the principal it stands for.
    ///
    /// - Throws: `unauthenticated` for a missing, malformed, unknown, expired or revoked token. The message never
    ///   says which.
    public func authenticate(bearer token: String) async throws -> Principal {
        guard token.utf8.count <= 256 else { throw Self.unauthenticated }
        let hash = TokenHasher.hash(token)
        let now = clock.now()
        if let cached = state.principals.get(hash, now: now) { return cached }
        let record = try await store.read { session in try await session.adminToken(hash: hash) }
        guard let record, TokenHasher.constantTimeEquals(record.tokenHash, hash), record.isUsable(at: now) else { throw Self.unauthenticated }
        let principal = record.principal
        var until = now.addingTimeInterval(Self.principalCacheSeconds)
        if let expiresAt = record.expiresAt, expiresAt < until { until = expiresAt }
        state.principals.put(hash, principal, until: until)
        return principal
    }

    static let unauthenticated = LanyardError(
        .unauthenticated, "A valid administrator bearer token is required (Authorization: Bearer …); it may be unknown, expired or revoked.")

    /// Creates a tenant with the built-in templates and a tenant administrator token (returned once).
    public func createTenant(_ request: CreateTenantRequest, by principal: Principal) async throws -> (Tenant, String) {
        try AdminRoles.require(.tenantCreate, principal, target: .platform)
        try NameRules.checkTenantName(request.name)
        let now = clock.now()
        let tenant = Tenant(name: request.name, trustDomain: "\(request.name).\(baseTrustDomain)", createdAt: now)
        var generator = random.generator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        try await store.write { session in
            if try await session.tenant(named: tenant.name) != nil {
                throw LanyardError(.alreadyExists, "A tenant named '\(tenant.name)' already exists.", field: "name")
            }
            try await Self.createTenantRecords(tenant, actor: principal.actor, session: session, audit: audit, keys: keys)
            try await insertToken(
                hash: TokenHasher.hash(token), tenant: tenant.name, role: .tenantAdmin, description: "initial tenant admin", actor: principal.actor,
                session: session, now: now, expiresAt: now.addingTimeInterval(Self.defaultTokenLifetime))
        }
        try await keys?.reload(tenant: tenant.name)
        return (tenant, token)
    }

    /// Creates a token for a policy enforcement point of `tenant`: it may ask for decisions there and nothing
    /// else. Returned once; only its hash is kept.
    public func createPEPToken(name: String, tenant: String, by principal: Principal) async throws -> CreatedPEPToken {
        try AdminRoles.require(.pepTokenCreate, principal, tenant: tenant)
        guard !name.isEmpty, name.unicodeScalars.count <= 100, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw LanyardError.invalid("name", "name must be 1 to 100 printable characters.")
        }
        var generator = random.generator()
        let token = SecretFormat.make(prefix: SecretFormat.pepPrefix, using: &generator)
        let now = clock.now()
        let id = try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            return try await insertToken(
                hash: TokenHasher.hash(token), tenant: tenant, role: .pep, description: "pep: \(name)", actor: principal.actor, session: session,
                now: now, expiresAt: now.addingTimeInterval(Self.defaultTokenLifetime))
        }
        return CreatedPEPToken(id: id, name: name, tenant: tenant, token: token)
    }

    /// Tenants per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the tenants `principal` can see, by name: all of them for a platform administrator, its own for
    /// anyone else.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func page(_ page: PageRequest, by principal: Principal) async throws -> Page<Tenant> {
        try await Page.read(page, list: "tenants") { after, limit in
            try await store.read { session in
                if principal.role == .platformAdmin { return try await session.tenants(after: after?.first, limit: limit) }
                guard let own = principal.tenant, own > after?.first ?? "", let tenant = try await session.tenant(named: own) else { return [] }
                return [tenant]
            }
        } key: {
            [$0.name]
        }
    }

    /// The tenants `principal` can see: all of them for a platform administrator, its own for a tenant administrator.
    public func list(by principal: Principal) async throws -> [Tenant] {
        let all = try await store.read { session in try await session.tenants() }
        return all.filter { principal.actsIn(tenant: $0.name) }
    }

    private static func createTenantRecords(
        _ tenant: Tenant, actor: String, session: any StoreSession, audit: any AuditLog, keys: KeyManagement?
    ) async throws {
        try await session.insertTenant(tenant)
        try await keys?.provision(tenant: tenant.name, in: session, now: tenant.createdAt)
        for template in IdentityTemplate.builtins {
            try await session.insertTemplate(template, tenant: tenant.name)
        }
        try await audit.record(
            AuditEvent(
                tenant: tenant.name, at: tenant.createdAt, actor: actor, action: .tenantCreate,
                target: "tenant:\(tenant.name)", after: LanyardJSON.value(of: tenant)),
            in: session
        )
    }

    @discardableResult
    func insertToken(
        hash: String, tenant: String?, role: Principal.Role, description: String, actor: String,
        session: any StoreSession, now: Date, subject: String? = nil, expiresAt: Date? = nil
    ) async throws -> String {
        var generator = random.generator()
        let record = AdminTokenRecord(
            id: IdentifierFormat.make(prefix: "tok", using: &generator), tenant: tenant, role: role,
            tokenHash: hash, description: description, subject: subject, createdAt: now, expiresAt: expiresAt
        )
        try await session.insertAdminToken(record)
        var details = ["role": role.rawValue, "description": description]
        if let subject { details["subject"] = subject }
        if let expiresAt { details["expiresAt"] = RFC3339Seconds.format(Int64(expiresAt.timeIntervalSince1970.rounded(.down))) }
        try await audit.record(
            AuditEvent(
                tenant: tenant ?? Tenant.defaultName, at: now, actor: actor, action: .adminTokenCreate,
                target: "admin_token:\(record.id)", details: details),
            in: session
        )
        return record.id
    }
}
