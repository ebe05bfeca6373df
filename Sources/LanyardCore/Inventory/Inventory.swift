public import Foundation
import LanyardAudit
public import LanyardCredentials
public import LanyardAPI
public import LanyardModel

/// The identity inventory: registering, listing and changing the state of non-human identities.
///
/// Every change is checked against the tenant's template, written in one transaction together with its
/// audit event, and refused as a whole (nothing stored, nothing audited) when any rule fails.
public struct Inventory: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Where identity and trust identifiers come from.
    let random: any RandomSource

    /// Where changes queue their webhook deliveries, in the change's own transaction.
    var outbox: WebhookOutbox { WebhookOutbox(random: random) }

    /// Limits on registration input.
    public enum Limits {
        public static let ownerLength = 128
        public static let purposeLength = 512
        public static let reasonLength = 512
        public static let destinations = 32
        public static let destinationLength = 256
        public static let publicKeys = 5
        public static let publicKeyFields = 32
    }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource = SystemRandom()
    ) {
        self.random = random
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Registers an identity in `tenant`.
    ///
    /// - Throws: ``LanyardError`` `invalid_field` naming the field at fault, `not_found` for an unknown tenant,
    ///   `already_exists` when the name is taken, `invalid_state` when the owner is inactive, `forbidden` when
    ///   `principal` may not administer `tenant`.
    public func register(_ request: RegisterIdentityRequest, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.require(.identityRegister, principal, tenant: tenant)
        let checked = try Registration(request)
        let now = clock.now()
        return try await store.writeGrouped { session in
            try await insert(checked, tenant: tenant, principal: principal, now: now, in: session)
        }
    }

    /// A registration request, checked field by field before any transaction.
    struct Registration: Sendable {
        var name: String
        var kind: IdentityKind
        var owner: String
        var backupOwner: String?
        var purpose: String
        var environment: DeploymentEnvironment?
        var dataClass: DataClass?
        var ttl: TimeSpan?
        var trigger: OffboardingTrigger
        var destinations: [String]
        var keys: [JSONValue]
        var template: String
        /// The prototype a graduation makes this identity from.
        var graduatedFrom: String?

        init(_ request: RegisterIdentityRequest) throws {
            try NameRules.checkName(request.name, field: "name")
            name = request.name
            kind = try IdentityKind.parse(request.kind, field: "kind")
            owner = try NameRules.checkText(request.owner, field: "owner", maxLength: Limits.ownerLength, required: true) ?? ""
            backupOwner = try NameRules.checkText(request.backupOwner, field: "backupOwner", maxLength: Limits.ownerLength, required: false)
            purpose = try NameRules.checkText(request.purpose, field: "purpose", maxLength: Limits.purposeLength, required: true) ?? ""
            environment = try request.environment.map { try DeploymentEnvironment.parse($0, field: "environment") }
            dataClass = try request.dataClass.map { try DataClass.parse($0, field: "dataClass") }
            ttl = try request.expiresIn.map { try TimeSpan(parsing: $0, field: "expiresIn") }
            trigger = try request.offboardingTrigger.map { try OffboardingTrigger.parse($0, field: "offboardingTrigger") } ?? .expiry
            destinations = try Inventory.checkDestinations(request.allowedDestinations ?? [])
            keys = try Inventory.checkPublicKeys(request.publicKeys ?? [])
            template = request.template ?? IdentityTemplate.defaultName(for: kind)
            try NameRules.checkName(template, field: "template")
        }
    }

    /// Stores a checked registration with its audit event and webhook, in the caller's transaction, after the checks
    /// that need the store: the tenant, the template's caps, a free name, an owner who is not inactive.
    func insert(_ registration: Registration, tenant: String, principal: Principal, now: Date, in session: any StoreSession) async throws
        -> Identity
    {
        guard let tenantRecord = try await session.tenant(named: tenant) else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        try await Directory.requireOwner(registration.owner, tenant: tenant, in: session)
        let templateName = registration.template
        guard let template = try await session.template(tenant: tenant, name: templateName) else {
            throw LanyardError.invalid(
                "template", "There is no template named '\(templateName)' in tenant '\(tenant)'; `lanyard template list` shows the ones there are.")
        }
        if let group = template.ownerGroup {
            try await Directory.requireMember(registration.owner, of: group, template: template.name, field: "owner", in: session, tenant: tenant)
        }
        let environment = registration.environment ?? template.environments.first ?? .sandbox
        guard template.environments.contains(environment) else {
            let allowed = template.environments.map(\.rawValue).joined(separator: ", ")
            throw LanyardError.invalid("environment", "Template '\(template.name)' allows only the environments \(allowed), not \(environment.rawValue).")
        }
        let dataClass = registration.dataClass ?? min(DataClass.internal, template.maxDataClass)
        guard dataClass <= template.maxDataClass else {
            throw LanyardError.invalid(
                "dataClass", "Template '\(template.name)' allows data up to \(template.maxDataClass.rawValue), not \(dataClass.rawValue).")
        }
        let ttl = registration.ttl ?? template.defaultTTL
        guard ttl <= template.maxTTL else {
            throw LanyardError.invalid(
                "expiresIn",
                "Template '\(template.name)' caps an identity's life at \(template.maxTTL); \(ttl) is longer. Ask for \(template.maxTTL) or less.")
        }
        if try await session.identity(tenant: tenant, name: registration.name) != nil {
            throw LanyardError(
                .alreadyExists, "An identity named '\(registration.name)' already exists in tenant '\(tenant)'; names are unique per tenant.",
                field: "name")
        }
        try await Self.requireActiveOwner(registration.owner, tenant: tenant, field: "owner", in: session)
        var generator = random.generator()
        let identity = Identity(
            id: IdentifierFormat.make(prefix: "idn", using: &generator), tenant: tenant, name: registration.name,
            kind: registration.kind, owner: registration.owner, backupOwner: registration.backupOwner, purpose: registration.purpose,
            environment: environment, dataClass: dataClass, stage: template.stage, status: .active, template: template.name,
            spiffeId: "spiffe://\(tenantRecord.trustDomain)/\(registration.kind.rawValue)/\(registration.name)",
            allowedDestinations: registration.destinations, publicKeys: registration.keys, offboardingTrigger: registration.trigger,
            offboardReason: nil, createdAt: now, updatedAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(ttl.seconds)), createdBy: principal.actor, graduatedFrom: registration.graduatedFrom
        )
        try await session.insertIdentity(identity)
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: principal.actor, action: .identityRegister,
                target: "identity:\(identity.id)", after: LanyardJSON.value(of: identity)),
            in: session
        )
        try await outbox.queue(.identity(.identityRegistered, identity, at: now), in: session)
        return identity
    }

    /// Finds an identity by id (`idn_…`) or by name.
    public func find(_ idOrName: String, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityRead, principal, tenant: tenant)
        let identity = try await store.read { session in try await Self.lookup(idOrName, tenant: tenant, in: session) }
        try AdminRoles.require(.identityRead, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant))
        return identity
    }

    /// Lists identities matching `filter`, ordered by name.
    public func list(tenant: String, filter: IdentityFilter, by principal: Principal) async throws -> [Identity] {
        try AdminRoles.require(.identityList, principal, tenant: tenant)
        guard (1...Self.maxPageSize).contains(filter.limit) else {
            throw LanyardError.invalid("limit", "limit must be between 1 and \(Self.maxPageSize).")
        }
        return try await identities(tenant: tenant, filter: filter, by: principal)
    }

    /// Identities per page when the request names no `limit`.
    public static let defaultPageSize = 500
    /// The most identities one page may carry.
    public static let maxPageSize = 1000
    /// The list name cursors of identity pages carry.
    static let cursorList = "identities"

    /// One page of the identities matching `filter`, ordered by name (unique in a tenant), so pages neither skip nor
    /// repeat an identity while others are registered. `page.cursor`, when given, replaces `filter.after`.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func page(tenant: String, filter: IdentityFilter, page: PageRequest, by principal: Principal) async throws -> Page<Identity> {
        try AdminRoles.require(.identityList, principal, tenant: tenant)
        try page.requireLimit(maximum: Self.maxPageSize)
        var query = filter
        let sort = filter.sort
        // Each order has its own list name, so a cursor of one order is refused by another.
        let list = sort == .byName ? Self.cursorList : "\(Self.cursorList)-\(sort.field.rawValue)-\(sort.descending ? "desc" : "asc")"
        if let cursor = page.cursor {
            if sort.field == .name {
                query.after = try PageCursor.decode(cursor, list: list, count: 1)[0]
            } else {
                let key = try PageCursor.decode(cursor, list: list, count: 2)
                if sort.field.isInstant, Int64(key[0]) == nil { throw PageCursor.refusal }
                (query.afterKey, query.after) = (key[0], key[1])
            }
        }
        query.limit = page.limit + 1
        let fetched = try await identities(tenant: tenant, filter: query, by: principal)
        return Page(fetched: fetched, limit: page.limit, list: list) { identity in
            sort.field == .name ? [identity.name] : [sort.field.key(of: identity), identity.name]
        }
    }

    private func identities(tenant: String, filter: IdentityFilter, by principal: Principal) async throws -> [Identity] {
        var filter = filter
        if principal.role == .owner || principal.role == .builder {
            // Those who act for a person see that person's identities only.
            filter.owner = principal.subject ?? ""
        }
        if let within = filter.expiringWithin {
            let horizon = clock.now().addingTimeInterval(TimeInterval(within.seconds))
            filter.expiringBefore = min(filter.expiringBefore ?? horizon, horizon)
        }
        let query = filter
        return try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else {
                throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
            }
            return try await session.identities(tenant: tenant, filter: query)
        }
    }

    /// Pushes the expiry of an active or suspended identity later by `by`, never past now + the template's cap.
    public func extend(_ idOrName: String, by text: String, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityExtend, principal, tenant: tenant)
        let span = try TimeSpan(parsing: text, field: "by")
        let now = clock.now()
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identityExtend, now: now) { identity, session in
            guard identity.status == .active || identity.status == .suspended else {
                throw LanyardError(
                    .invalidState, "Identity '\(identity.name)' is \(identity.status.rawValue); only active or suspended identities can be extended.")
            }
            guard let template = try await session.template(tenant: tenant, name: identity.template) else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' refers to template '\(identity.template)', which no longer exists.")
            }
            let cap = now.addingTimeInterval(TimeInterval(template.maxTTL.seconds))
            let wanted = identity.expiresAt.addingTimeInterval(TimeInterval(span.seconds))
            guard wanted <= cap else {
                let room = max(0, Int64(cap.timeIntervalSince(identity.expiresAt)))
                let hint = TimeSpan(seconds: room).map { "at most \($0)" } ?? "not at all right now"
                throw LanyardError.invalid(
                    "by", "Template '\(template.name)' caps an identity's life at \(template.maxTTL) from now; '\(identity.name)' can be extended \(hint).")
            }
            var updated = identity
            updated.expiresAt = wanted
            return (updated, ["by": span.description])
        }
    }

    /// Suspends an active identity: it keeps its registration but may not act.
    public func suspend(_ idOrName: String, reason: String?, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identitySuspend, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Limits.reasonLength, required: false)
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identitySuspend, now: clock.now(), revokesCredentials: true) {
            identity, _ in
            guard identity.status == .active else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' is \(identity.status.rawValue); only an active identity can be suspended.")
            }
            var updated = identity
            updated.status = .suspended
            return (updated, reason.map { ["reason": $0] } ?? [:])
        }
    }

    /// Resumes a suspended identity that has not expired, or clears a `compromised` one (a credential of it leaked):
    /// that takes a reason (what was done about the leak), and resolves its open `leaked-credential` finding. Only
    /// those the admin policies let resume it do so (its owner, a security reviewer, a tenant administrator).
    public func resume(_ idOrName: String, reason: String?, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityResume, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Limits.reasonLength, required: false)
        let now = clock.now()
        let actor = principal.actor
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identityResume, now: now) { identity, session in
            guard identity.status == .suspended || identity.status == .compromised else {
                throw LanyardError(
                    .invalidState, "Identity '\(identity.name)' is \(identity.status.rawValue); only a suspended or compromised identity can be resumed.")
            }
            guard identity.expiresAt > now else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' passed its expiry; extend it before resuming.")
            }
            try await Self.requireActiveOwner(of: identity, in: session)
            var details = reason.map { ["reason": $0] } ?? [:]
            if identity.status == .compromised {
                guard let reason else {
                    throw LanyardError.invalid("reason", "Identity '\(identity.name)' is compromised: say what was done about the leak (reason).")
                }
                details["cleared"] = "compromised"
                if let resolved = try await session.resolveFinding(
                    tenant: tenant, subject: "identity:\(identity.id)", kind: .leakedCredential, at: now, resolution: "resumed by \(actor): \(reason)")
                {
                    details["resolvedFinding"] = resolved.id
                }
            }
            var updated = identity
            updated.status = .active
            return (updated, details)
        }
    }

    /// Offboards an identity for good. Terminal: an offboarded identity never acts again.
    public func offboard(_ idOrName: String, reason: String?, tenant: String, by principal: Principal) async throws -> Identity {
        try AdminRoles.requireOnSomeIdentity(.identityOffboard, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Limits.reasonLength, required: true) ?? ""
        return try await change(idOrName, tenant: tenant, principal: principal, action: .identityOffboard, now: clock.now(), revokesCredentials: true) {
            identity, _ in
            guard identity.status != .offboarded else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' is already offboarded.")
            }
            var updated = identity
            updated.status = .offboarded
            updated.offboardReason = reason
            updated.orphanGraceEndsAt = nil
            return (updated, ["reason": reason])
        }
    }

    // MARK: - Shared machinery

    /// Loads, transforms, stores and audits one identity in one transaction. An identity that leaves the
    /// `orphaned` state (transferred, offboarded) gets its open `orphaned-identity` finding resolved.
    func change(
        _ idOrName: String, tenant: String, principal: Principal, action: AuditAction, now: Date, revokesCredentials: Bool = false,
        _ transform: @escaping @Sendable (Identity, any StoreSession) async throws -> (Identity, [String: String])
    ) async throws -> Identity {
        let changed = try await store.writeGrouped { session in
            let before = try await Self.lookup(idOrName, tenant: tenant, in: session)
            if let operation = AdminAction(rawValue: action.rawValue) {
                try AdminRoles.require(operation, principal, target: .identity(before.id, owner: before.owner, tenant: tenant))
            }
            let (after, details) = try await transform(before, session)
            return try await record(
                before: before, after: after, details: details, action: action, actor: principal.actor, now: now,
                revokesCredentials: revokesCredentials, in: session)
        }
        return changed
    }

    /// Stores, audits and reports one identity change in the caller's transaction (what ``change`` does after its
    /// checks): the finding of an identity leaving `orphaned` is resolved, credentials are revoked when asked, an
    /// offboarded identity is retired, `action` is audited and its webhook queued. Returns the identity as stored.
    func record(
        before: Identity, after changed: Identity, details extra: [String: String], action: AuditAction, actor: String, now: Date,
        revokesCredentials: Bool, in session: any StoreSession
    ) async throws -> Identity {
        let tenant = before.tenant
        var after = changed
        var details = extra
        after.updatedAt = now
        try await session.updateIdentity(after)
        if before.orphanedAt != nil, after.orphanGraceEndsAt == nil {
            let resolution = "\(action.rawValue) by \(actor)"
            if let resolved = try await session.resolveFinding(
                tenant: tenant, subject: "identity:\(after.id)", kind: .orphanedIdentity, at: now, resolution: resolution)
            {
                details["resolvedFinding"] = resolved.id
            }
        }
        if revokesCredentials {
            let revoked = try await session.revokeCredentials(tenant: tenant, target: .identity(id: after.id), at: now, reason: action.rawValue)
            details["revokedCredentials"] = String(revoked.count)
        }
        if after.status == .offboarded {
            let ending = EntitlementEnding(audit: audit, random: random)
            details.merge(try await Self.retire(after, actor: actor, at: now, ending: ending, in: session)) { _, new in new }
        }
        try await audit.record(
            AuditEvent(
                tenant: tenant, at: now, actor: actor, action: action, target: "identity:\(after.id)",
                before: LanyardJSON.value(of: before), after: LanyardJSON.value(of: after), details: details),
            in: session
        )
        if let type = WebhookEventType(identityAction: action) {
            try await outbox.queue(.identity(type, after, at: now, details: details), in: session)
        }
        return after
    }

    /// What offboarding does besides revoking credentials, whatever its trigger (manual, graduation, inactivity):
    /// every federation trust is removed (nothing can exchange into the identity again), every open task is ended
    /// (its tokens are dead with the identity's; the task is recorded as ended) and every entitlement granted to it is
    /// revoked (unlinked, kept as history). Returns the counts for the event.
    static func retire(_ identity: Identity, actor: String, at now: Date, ending: EntitlementEnding, in session: any StoreSession) async throws
        -> [String: String]
    {
        var removed = 0
        for trust in try await session.trusts(tenant: identity.tenant, identityId: identity.id)
        where try await session.deleteTrust(tenant: identity.tenant, identityId: identity.id, id: trust.id) != nil {
            removed += 1
        }
        let tasks = try await session.endTasks(tenant: identity.tenant, identityId: identity.id, at: now, by: actor)
        let entitlements = try await ending.endAll(
            matching: EntitlementFilter(principal: EntityReference.identity(identity.id).description), tenant: identity.tenant, as: .revoked,
            reason: "its identity was offboarded", actor: actor, at: now, in: session)
        var counts = ["removedTrusts": String(removed), "endedTasks": String(tasks.count)]
        if !entitlements.isEmpty { counts["revokedEntitlements"] = String(entitlements.count) }
        return counts
    }

    /// Refuses to let an identity act again for an owner who is inactive (left, or deactivated by an administrator).
    static func requireActiveOwner(of identity: Identity, in session: any StoreSession) async throws {
        guard let status = try await session.ownerStatus(tenant: identity.tenant, owner: identity.owner), !status.active else { return }
        throw LanyardError(
            .invalidState,
            "The owner of '\(identity.name)', '\(identity.owner)', is inactive; transfer it to an active owner first (`lanyard identity transfer`).")
    }

    /// Refuses an owner who is inactive as the new owner of an identity (registration, transfer, graduation).
    static func requireActiveOwner(_ owner: String, tenant: String, field: String, in session: any StoreSession) async throws {
        guard let status = try await session.ownerStatus(tenant: tenant, owner: owner), !status.active else { return }
        throw LanyardError(.invalidState, "'\(owner)' is an inactive owner; an identity needs an active one.", field: field)
    }

    static func lookup(_ idOrName: String, tenant: String, in session: any StoreSession) async throws -> Identity {
        guard idOrName.utf8.count <= 128 else {
            throw LanyardError(.notFound, "No identity '\(idOrName.prefix(64))…' in tenant '\(tenant)'.")
        }
        if idOrName.hasPrefix("idn_"), let found = try await session.identity(tenant: tenant, id: idOrName) {
            return found
        }
        if let found = try await session.identity(tenant: tenant, name: idOrName) { return found }
        throw LanyardError(.notFound, "No identity '\(idOrName)' in tenant '\(tenant)'.")
    }

    static func checkDestinations(_ destinations: [String]) throws -> [String] {
        guard destinations.count <= Limits.destinations else {
            throw LanyardError.invalid("allowedDestinations", "At most \(Limits.destinations) destinations are allowed.")
        }
        return try destinations.map {
            try NameRules.checkText($0, field: "allowedDestinations", maxLength: Limits.destinationLength, required: true) ?? ""
        }
    }

    static func checkPublicKeys(_ keys: [JSONValue]) throws -> [JSONValue] {
        guard keys.count <= Limits.publicKeys else {
            throw LanyardError.invalid("publicKeys", "At most \(Limits.publicKeys) public keys are allowed.")
        }
        for key in keys {
            guard case .object(let fields) = key, fields.count <= Limits.publicKeyFields else {
                throw LanyardError.invalid("publicKeys", "Each public key must be a JWK object.")
            }
            guard let kty = fields["kty"]?.stringValue, ["OKP", "EC", "RSA"].contains(kty) else {
                throw LanyardError.invalid("publicKeys", "Each public key needs \"kty\" of OKP, EC or RSA.")
            }
            for secret in ["d", "p", "q", "dp", "dq", "qi", "k"] where fields[secret] != nil {
                throw LanyardError.invalid("publicKeys", "A public key must not contain private key material (\"\(secret)\"); register the public half only.")
            }
        }
        return keys
    }
}
