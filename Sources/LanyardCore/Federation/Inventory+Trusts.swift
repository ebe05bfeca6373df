public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Federation trusts of an identity: which external issuers (with which claim rules) may vouch for it in an
/// RFC 8693 token exchange. Adding and removing a trust is audited (`identity.trust.add`, `identity.trust.remove`)
/// in the same transaction as the change.
extension Inventory {
    /// Adds a trust to an identity (by id or name).
    ///
    /// - Throws: ``LanyardError`` `invalid_field` for a bad issuer, audience or condition, `not_found` for an unknown
    ///   identity, `invalid_state` for an offboarded one or one with too many trusts, `forbidden` for a principal that
    ///   may not administer `tenant`.
    public func addTrust(_ request: AddTrustRequest, identity idOrName: String, tenant: String, by principal: Principal) async throws -> FederationTrust {
        try AdminRoles.requireOnSomeIdentity(.identityTrustAdd, principal, tenant: tenant)
        let checked = try TrustRules.check(request)
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            let identity = try await Self.lookup(idOrName, tenant: tenant, in: session)
            try AdminRoles.require(.identityTrustAdd, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant))
            guard identity.status != .offboarded else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' is offboarded; it can no longer trust issuers.")
            }
            let existing = try await session.trusts(tenant: tenant, identityId: identity.id)
            guard existing.count < TrustRules.Limits.trustsPerIdentity else {
                throw LanyardError(.invalidState, "Identity '\(identity.name)' has \(existing.count) trusts, the most allowed; remove one first.")
            }
            var generator = random.generator()
            let trust = FederationTrust(
                id: IdentifierFormat.make(prefix: "trs", using: &generator), tenant: tenant, identityId: identity.id, issuer: checked.issuer,
                audience: checked.audience, conditions: checked.conditions, createdAt: now, createdBy: principal.actor)
            try await session.insertTrust(trust)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .identityTrustAdd, target: "identity:\(identity.id)",
                    after: LanyardJSON.value(of: trust), details: ["trust": trust.id, "issuer": trust.issuer]),
                in: session)
            return trust
        }
    }

    /// The trusts of an identity (by id or name), oldest first.
    public func trusts(identity idOrName: String, tenant: String, by principal: Principal) async throws -> [FederationTrust] {
        try AdminRoles.requireOnSomeIdentity(.identityTrustList, principal, tenant: tenant)
        return try await store.read { session in
            let identity = try await Self.lookup(idOrName, tenant: tenant, in: session)
            try AdminRoles.require(.identityTrustList, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant))
            return try await session.trusts(tenant: tenant, identityId: identity.id)
        }
    }

    /// Removes one trust of an identity; tokens already exchanged through it stay valid until they expire or are revoked.
    ///
    /// - Throws: ``LanyardError`` `not_found` when the identity or the trust does not exist.
    public func removeTrust(_ trustID: String, identity idOrName: String, tenant: String, by principal: Principal) async throws -> FederationTrust {
        try AdminRoles.requireOnSomeIdentity(.identityTrustRemove, principal, tenant: tenant)
        guard trustID.utf8.count <= 64 else { throw LanyardError(.notFound, "No trust '\(trustID.prefix(32))…'.") }
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            let identity = try await Self.lookup(idOrName, tenant: tenant, in: session)
            try AdminRoles.require(.identityTrustRemove, principal, target: .identity(identity.id, owner: identity.owner, tenant: tenant))
            guard let trust = try await session.deleteTrust(tenant: tenant, identityId: identity.id, id: trustID) else {
                throw LanyardError(.notFound, "Identity '\(identity.name)' has no trust '\(trustID)'.")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .identityTrustRemove, target: "identity:\(identity.id)",
                    before: LanyardJSON.value(of: trust), details: ["trust": trust.id, "issuer": trust.issuer]),
                in: session)
            return trust
        }
    }
}
