public import Foundation
public import LanyardCredentials
public import LanyardModel

/// Everything a node keeps in memory about its tenants, in one owner: the revocation list, identities, templates,
/// compiled policy snapshots, admin policies, authenticated administrator tokens, verified access tokens, X.509
/// authorities and signing keys.
///
/// Each is kept current by one stream of ``StateChange``s: the store publishes what every committed transaction
/// changed (``LanyardStore/changes``) and ``apply(_:)`` drops, adds or reloads what it touches. On one node the stream
/// is in memory and is applied before the writer is answered, so a change is in force here when its request returns;
/// on PostgreSQL the other nodes' changes arrive on the same stream (docs/architecture.md, "State and the change
/// stream"). Use cases read through this type and never keep caches of their own.
public final class TenantState: Sendable {
    let store: any LanyardStore
    let clock: any WallClock
    /// Revoked credentials, identities' cut-offs and ended tasks, consulted by every token verification.
    public let revocations: RevocationList
    let identities: IdentityCache
    /// Each identity's federation trusts, read by every federation exchange.
    let trusts: TrustCache
    /// Owners of identities as people of the directory (their `Lanyard::User` entity, or none), read by decisions.
    let directoryOwners: DirectoryOwnerCache
    /// Owners' statuses, read by every decision about an identity.
    let ownerStatuses: FreshCache<TenantScopedKey, KnownOwnerStatus>
    /// The MCP gateway's registered servers, read by every call through it.
    let mcpServers: FreshCache<TenantScopedKey, MCPServer>
    let templates: TemplateCache
    /// Principals of recently authenticated administrator tokens.
    let principals: PrincipalCache
    /// Each tenant's compiled admin policies.
    let adminPolicies: TenantAdminPolicyCache
    /// Each tenant's compiled Cedar policies and entities.
    let policies: PolicySnapshots
    /// Each tenant's live entitlements, compiled, and the ones that just ended.
    let entitlements: EntitlementSets
    /// Entitlements' last uses, waiting to be written.
    let entitlementUsage = EntitlementUsage()
    /// Claims of access tokens whose signatures were already checked.
    package let verifiedTokens: VerifiedTokenCache
    /// Each tenant's X.509 certificate authorities.
    public let authorities: X509Authorities
    /// Parsed public keys of clients, DPoP proofs and external issuers (keyed by the key itself, never stale).
    public let keyCollections: KeyCollectionCache
    /// Each tenant's signing keys, when this node signs or verifies Lanyard tokens.
    let keys: SigningKeyReloads?
    /// This state's subscription to the store's change stream, ended when the state goes away.
    private let subscription = ChangeFeed.Subscription()

    /// State over `store`, subscribed to its change stream.
    ///
    /// - Parameters:
    ///   - ring: the node's signing keys, reloaded from the store when a tenant's keys change; `nil` when the node
    ///     has no credentials.
    ///   - random: where new CA keys and serial numbers come from.
    ///   - monotonicNanoseconds: the clock that ages the short-lived identity and trust caches (``FreshCache``).
    public init(
        store: any LanyardStore, clock: any WallClock, ring: KeyRing? = nil, random: any RandomSource = SystemRandom(),
        monotonicNanoseconds: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.store = store
        self.clock = clock
        revocations = RevocationList()
        identities = IdentityCache(now: monotonicNanoseconds)
        trusts = TrustCache(now: monotonicNanoseconds)
        directoryOwners = DirectoryOwnerCache(now: monotonicNanoseconds)
        ownerStatuses = FreshCache(now: monotonicNanoseconds)
        mcpServers = FreshCache(now: monotonicNanoseconds)
        templates = TemplateCache()
        principals = PrincipalCache()
        adminPolicies = TenantAdminPolicyCache()
        verifiedTokens = VerifiedTokenCache()
        keyCollections = KeyCollectionCache()
        authorities = X509Authorities(random: random)
        keys = ring.map { SigningKeyReloads(ring: $0, store: store, clock: clock) }
        policies = PolicySnapshots { tenant in
            let (version, entities) = try await store.read { session in
                (try await PolicyAdministration.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
            }
            return try CompiledPolicies.compile(version, entities: entities)
        }
        entitlements = EntitlementSets { tenant in
            LiveEntitlements.compile(try await store.read { try await $0.liveEntitlements(tenant: tenant, at: clock.now()) })
        }
        store.changes.subscribe(subscription) { [weak self] changes in self?.apply(changes) }
    }

    deinit {
        store.changes.unsubscribe(subscription)
    }

    /// Brings the state in line with `changes`. Quick and non-blocking: recompilations and key reloads it starts run
    /// in the background (decisions keep the previous snapshot meanwhile).
    public func apply(_ changes: [StateChange]) {
        var identityKeys: [TenantScopedKey] = []
        var trustKeys: [TenantScopedKey] = []
        var ownerKeys: [TenantScopedKey] = []
        var serverKeys: [TenantScopedKey] = []
        var directoryChanged = false
        for change in changes {
            switch change {
            case .identity(let tenant, let id): identityKeys.append(TenantScopedKey(tenant: tenant, id: id))
            case .trusts(let tenant, let identity): trustKeys.append(TenantScopedKey(tenant: tenant, id: identity))
            case .credentialRevoked(_, let jti, let expiresAt): revocations.revoke(jti: jti, expiresAt: expiresAt)
            case .identityCredentialsRevoked(_, let identity, let at): revocations.revokeIdentity(identity, at: at)
            case .taskEnded(_, let task, let expiresAt): revocations.revokeTask(task, expiresAt: expiresAt)
            case .policies(let tenant): policies.invalidate(tenant)
            case .adminPolicies(let tenant): adminPolicies.forget(tenant)
            case .adminTokens: principals.removeAll()
            case .signingKeys(let tenant): keys?.request(tenant)
            case .authorities(let tenant): authorities.forget(tenant: tenant)
            case .directory: directoryChanged = true
            case .entitlements(let tenant): entitlements.snapshots.invalidate(tenant)
            case .ownerStatus(let tenant, let owner): ownerKeys.append(TenantScopedKey(tenant: tenant, id: owner))
            case .mcpServer(let tenant, let name): serverKeys.append(TenantScopedKey(tenant: tenant, id: name))
            case .entitlementEnded(let tenant, let id, let expiresAt):
                entitlements.end(tenant: tenant, id: id, expiresAt: expiresAt)
                entitlements.snapshots.invalidate(tenant)
            }
        }
        if !identityKeys.isEmpty { identities.invalidate(identityKeys) }
        if !trustKeys.isEmpty { trusts.invalidate(trustKeys) }
        if !ownerKeys.isEmpty { ownerStatuses.invalidate(ownerKeys) }
        if !serverKeys.isEmpty { mcpServers.invalidate(serverKeys) }
        // A directory change can touch any owner (a group renamed, a person renamed): every owner is read again.
        if directoryChanged { directoryOwners.removeAll() }
    }

    /// Loads what must be in memory before the node serves: revoked, unexpired credentials and ended, unexpired tasks.
    public func rebuild() async throws {
        let now = clock.now()
        let (records, ended) = try await store.read { session in
            (try await session.revokedCredentials(unexpiredAt: now), try await session.endedTasks(unexpiredAt: now))
        }
        for record in records {
            revocations.revoke(jti: record.jti, expiresAt: Int64(record.expiresAt.timeIntervalSince1970))
        }
        for task in ended {
            revocations.revokeTask(task.id, expiresAt: Int64(task.expiresAt.timeIntervalSince1970))
        }
    }

    /// Reloads everything from the database, for a node that may have missed changes (its change stream was cut off
    /// for longer than changes are kept): drops every cache, recompiles every loaded policy store, reloads every
    /// tenant's signing keys and adds every revocation in force. (Revocations are never taken back, so the list is
    /// only added to.)
    public func resync() async throws {
        identities.removeAll()
        trusts.removeAll()
        directoryOwners.removeAll()
        ownerStatuses.removeAll()
        mcpServers.removeAll()
        principals.removeAll()
        adminPolicies.removeAll()
        authorities.forgetAll()
        policies.invalidateAll()
        entitlements.snapshots.invalidateAll()
        if let keys {
            for tenant in try await store.read({ try await $0.tenants() }) { keys.request(tenant.name) }
        }
        try await rebuild()
    }

    /// One identity by id, from memory when a fresh copy is there (see ``IdentityCache``).
    public func identity(tenant: String, id: String) async throws -> Identity? {
        let key = TenantScopedKey(tenant: tenant, id: id)
        if let cached = identities.lookup(key) { return cached }
        let generation = identities.generation
        let found = try await store.read { try await $0.identity(tenant: tenant, id: id) }
        if let found { identities.store(found, generation: generation) }
        return found
    }

    /// The federation trusts of one identity, from memory when a fresh copy is there (see ``FreshCache``).
    public func trusts(tenant: String, identity: String) async throws -> [FederationTrust] {
        let key = TenantScopedKey(tenant: tenant, id: identity)
        if let cached = trusts.lookup(key) { return cached }
        let generation = trusts.generation
        let found = try await store.read { try await $0.trusts(tenant: tenant, identityId: identity) }
        trusts.store(found, for: key, generation: generation)
        return found
    }

    /// The status of `owner` in `tenant` (nil when none was ever set: the owner counts as active), from memory when a
    /// fresh copy is there.
    public func ownerStatus(tenant: String, owner: String) async throws -> OwnerStatus? {
        let key = TenantScopedKey(tenant: tenant, id: owner)
        if let cached = ownerStatuses.lookup(key) { return cached.status }
        let generation = ownerStatuses.generation
        let found = try await store.read { try await $0.ownerStatus(tenant: tenant, owner: owner) }
        ownerStatuses.store(KnownOwnerStatus(status: found), for: key, generation: generation)
        return found
    }

    /// A registered MCP server of `tenant`'s gateway, from memory when a fresh copy is there (a name not registered is
    /// asked of the store each time).
    public func mcpServer(tenant: String, name: String) async throws -> MCPServer? {
        let key = TenantScopedKey(tenant: tenant, id: name)
        if let cached = mcpServers.lookup(key) { return cached }
        let generation = mcpServers.generation
        guard let found = try await store.read({ try await $0.mcpServer(tenant: tenant, name: name) }) else { return nil }
        mcpServers.store(found, for: key, generation: generation)
        return found
    }

    /// A template by name; templates never change once created (names are never reused), so one read is enough.
    public func template(tenant: String, name: String) async throws -> IdentityTemplate? {
        if let cached = templates.get(tenant: tenant, name: name) { return cached }
        guard let found = try await store.read({ try await $0.template(tenant: tenant, name: name) }) else { return nil }
        templates.put(found, tenant: tenant)
        return found
    }
}
