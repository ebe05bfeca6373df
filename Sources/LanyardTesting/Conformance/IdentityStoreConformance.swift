import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``IdentityStore``: templates, identities, federation trusts and owner statuses.
struct IdentityStoreConformance {
    let view: CapabilityView<any IdentityStore>
    var now: Date { StoreConformance.now }

    func identity(
        _ name: String, tenant: String = "t1", status: IdentityStatus = .active, owner: String = "alice",
        kind: IdentityKind = .agent, expiresIn days: Double = 30
    ) -> Identity {
        StoreConformance.identity(name, tenant: tenant, status: status, owner: owner, kind: kind, expiresIn: days)
    }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await templates()
        try await roundTrip()
        try await uniqueness()
        try await tenantScoping()
        try await filters()
        try await consoleFilters()
        try await sorting()
        try await trusts()
        try await owners()
        try await orphans()
        try await idle()
    }

    /// The console's filters: environment, stage, template, and text in the name or purpose (ASCII case ignored; `%`
    /// and `_` match themselves).
    func consoleFilters() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t6", trustDomain: "t6.test", createdAt: now)) }
        var prod = identity("billing-bot", tenant: "t6")
        prod.environment = .production
        prod.purpose = "Reconciles INVOICES nightly"
        var proto = identity("scratch", tenant: "t6")
        proto.stage = .prototype
        proto.template = "prototype"
        proto.purpose = "100% experimental_run"
        let made = [prod, proto, identity("plain", tenant: "t6")]
        try await view.write { store in
            for one in made { try await store.insertIdentity(one) }
        }
        let view = view
        @Sendable func names(_ configure: @Sendable (inout IdentityFilter) -> Void) async throws -> [String] {
            var filter = IdentityFilter()
            configure(&filter)
            let query = filter
            return try await view.read { try await $0.identities(tenant: "t6", filter: query) }.map(\.name)
        }
        #expect(try await names { $0.environment = .production } == ["billing-bot"])
        #expect(try await names { $0.stage = .prototype } == ["scratch"])
        #expect(try await names { $0.template = "prototype" } == ["scratch"])
        #expect(try await names { $0.text = "BILLING" } == ["billing-bot"], "the name, case ignored")
        #expect(try await names { $0.text = "invoices" } == ["billing-bot"], "the purpose, case ignored")
        #expect(try await names { $0.text = "100%" } == ["scratch"], "% matches itself")
        #expect(try await names { $0.text = "l_r" } == ["scratch"], "_ matches itself")
        #expect(try await names { $0.text = "g_b" }.isEmpty, "_ matches no other character (billing-bot has g-b)")
        #expect(try await names { $0.text = "purpose of" } == ["plain"])
        #expect(
            try await names {
                $0.environment = .production; $0.text = "scratch"
            }.isEmpty, "filters combine")
    }

    /// Every order is total (ties by name) and keyset pages walked two at a time give the whole order, each identity
    /// once, ascending and descending, by an instant and by a text field.
    func sorting() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t7", trustDomain: "t7.test", createdAt: now)) }
        // Expiries 3, 1, 2, 1, 3 days: ties on expiry; owners alternate: ties on owner.
        let made = [("e", 3.0, "zed"), ("a", 1, "amy"), ("d", 2, "zed"), ("b", 1, "amy"), ("c", 3, "amy")].map { name, days, owner in
            identity(name, tenant: "t7", owner: owner, expiresIn: days)
        }
        try await view.write { store in
            for one in made { try await store.insertIdentity(one) }
        }
        let view = view
        @Sendable func walk(_ sort: IdentitySort) async throws -> [String] {
            var seen: [String] = []
            var last: Identity?
            for _ in 0..<10 {
                var filter = IdentityFilter(limit: 2)
                filter.sort = sort
                if let last {
                    filter.after = last.name
                    filter.afterKey = sort.field == .name ? nil : sort.field.key(of: last)
                }
                let query = filter
                let page = try await view.read { try await $0.identities(tenant: "t7", filter: query) }
                seen += page.map(\.name)
                guard page.count == 2 else { break }
                last = page.last
            }
            return seen
        }
        #expect(try await walk(.byName) == ["a", "b", "c", "d", "e"])
        #expect(try await walk(IdentitySort(.name, descending: true)) == ["e", "d", "c", "b", "a"])
        #expect(try await walk(IdentitySort(.expiry)) == ["a", "b", "d", "c", "e"], "soonest first, ties by name")
        #expect(try await walk(IdentitySort(.expiry, descending: true)) == ["c", "e", "d", "a", "b"], "latest first, ties still by name")
        #expect(try await walk(IdentitySort(.owner)) == ["a", "b", "c", "d", "e"])
        #expect(try await walk(IdentitySort(.owner, descending: true)) == ["d", "e", "a", "b", "c"])
    }

    /// Idle identities: active, trigger `inactivity`, of the template, registered by then and issued nothing since.
    func idle() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t5", trustDomain: "t5.test", createdAt: now)) }
        @Sendable func idler(_ name: String, status: IdentityStatus = .active, trigger: OffboardingTrigger = .inactivity) -> Identity {
            var identity = identity(name, tenant: "t5", status: status)
            identity.offboardingTrigger = trigger
            return identity
        }
        try await view.write { store in
            for identity in [idler("quiet"), idler("used"), idler("suspended", status: .suspended), idler("expiring", trigger: .expiry)] {
                try await store.insertIdentity(identity)
            }
        }
        let used = CredentialRecord(
            jti: "jti_used", tenant: "t5", identityId: idler("used").id, owner: "alice", scopes: ["read"], audience: "api",
            issuedAt: now.addingTimeInterval(3600), expiresAt: now.addingTimeInterval(7200))
        try await view.store.write { try await $0.insertCredential(used) }
        let later = now.addingTimeInterval(10 * 86_400)
        let names = { (since: Date) in
            try await view.read { try await $0.idleIdentities(tenant: "t5", template: "agent", idleSince: since, limit: 10) }.map(\.name)
        }
        #expect(try await names(now.addingTimeInterval(-1)).isEmpty, "registered after the cut")
        #expect(try await names(now) == ["quiet"], "used got a credential after `now`; suspended and other triggers never count")
        #expect(try await names(now.addingTimeInterval(7200)) == ["quiet", "used"], "nothing issued after that instant by either")
        #expect(try await view.read { try await $0.idleIdentities(tenant: "t5", template: "other", idleSince: later, limit: 10) }.isEmpty)
    }

    /// Orphans are due once their grace ends, earliest first; suspending one is conditional, so it happens once and
    /// never to an identity transferred meanwhile. Orphans are due for expiry like active ones.
    func orphans() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t4", trustDomain: "t4.test", createdAt: now)) }
        @Sendable func orphan(_ name: String, graceHours: Double) -> Identity {
            var identity = identity(name, tenant: "t4", status: .orphaned)
            identity.orphanedAt = now
            identity.orphanGraceEndsAt = now.addingTimeInterval(graceHours * 3600)
            return identity
        }
        try await view.write { store in
            try await store.insertIdentity(orphan("late", graceHours: 48))
            try await store.insertIdentity(orphan("soon", graceHours: 1))
            try await store.insertIdentity(orphan("taken", graceHours: 2))
            try await store.insertIdentity(identity("fine", tenant: "t4"))
        }
        let names = { (at: Date) in
            try await view.read { try await $0.orphansDue(graceEndedAtOrBefore: at, limit: 10) }.filter { $0.tenant == "t4" }.map(\.name)
        }
        #expect(try await names(now).isEmpty)
        let later = now.addingTimeInterval(3 * 3600)
        #expect(try await names(later) == ["soon", "taken"], "earliest grace end first, only orphans whose grace is over")
        var handedOver = orphan("taken", graceHours: 2)
        handedOver.status = .active
        handedOver.owner = "bob"
        handedOver.orphanedAt = nil
        handedOver.orphanGraceEndsAt = nil
        let transferred = handedOver
        try await view.write { try await $0.updateIdentity(transferred) }
        #expect(try await view.write { try await $0.suspendOrphan(tenant: "t4", id: transferred.id, at: later) } == false, "transferred meanwhile")
        #expect(try await view.read { try await $0.identity(tenant: "t4", id: transferred.id) } == transferred)
        let soon = orphan("soon", graceHours: 1)
        #expect(try await view.write { try await $0.suspendOrphan(tenant: "t4", id: soon.id, at: now) } == false, "grace not over")
        #expect(try await view.write { try await $0.suspendOrphan(tenant: "t4", id: soon.id, at: later) })
        #expect(try await view.write { try await $0.suspendOrphan(tenant: "t4", id: soon.id, at: later) } == false, "once")
        let suspended = try await view.read { try await $0.identity(tenant: "t4", id: soon.id) }
        #expect(suspended?.status == .suspended && suspended?.updatedAt == later && suspended?.orphanedAt == now, "the orphaning stays on record")
        let expiring = try await view.read { try await $0.identitiesDue(expiringAtOrBefore: now.addingTimeInterval(31 * 86_400), limit: 100) }
        #expect(expiring.contains { $0.id == orphan("late", graceHours: 48).id }, "an orphan expires too")
    }

    /// Templates round-trip and list by name per tenant; a taken name is `already_exists`.
    func templates() async throws {
        var custom = IdentityTemplate.builtins[1]
        custom.name = "custom"
        let stored = custom
        try await view.write { try await $0.insertTemplate(stored, tenant: "t1") }
        try await view.read { (store: any IdentityStore) async throws -> Void in
            #expect(try await store.template(tenant: "t1", name: "agent") == IdentityTemplate.builtins[1])
            #expect(try await store.template(tenant: "t1", name: "custom") == stored)
            #expect(try await store.template(tenant: "t2", name: "custom") == nil)
            #expect(try await store.templates(tenant: "t1").map(\.name) == ["agent", "custom"])
            #expect(try await store.templates(tenant: "t1", after: "agent", limit: 1).map(\.name) == ["custom"])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertTemplate(stored, tenant: "t1") } }
    }

    /// Every field of an identity round-trips, by id, name and SPIFFE ID, and an update replaces it.
    func roundTrip() async throws {
        let full = identity("full")
        let bare = identity("bare")
        try await view.write { store in
            try await store.insertIdentity(full)
            try await store.insertIdentity(bare)
        }
        try await view.read { (store: any IdentityStore) async throws -> Void in
            #expect(try await store.identity(tenant: "t1", id: full.id) == full)
            #expect(try await store.identity(tenant: "t1", name: "bare") == bare)
            #expect(try await store.identity(tenant: "t1", spiffeID: full.spiffeId) == full)
        }
        var changed = full
        changed.status = .offboarded
        changed.offboardReason = "done"
        changed.expiresAt = now
        let final = changed
        try await view.write { try await $0.updateIdentity(final) }
        #expect(try await view.read { try await $0.identity(tenant: "t1", id: full.id) } == final)
    }

    /// A taken identity name is `already_exists` in its tenant and free in another.
    func uniqueness() async throws {
        try await view.write { try await $0.insertIdentity(identity("bot")) }
        var renamed = identity("bot")
        renamed.id = "idn_other"
        let clash = renamed
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertIdentity(clash) } }
        try await view.write { try await $0.insertIdentity(identity("bot", tenant: "t2")) }
    }

    /// No read crosses tenants, and an update addressed to the wrong tenant changes nothing.
    func tenantScoping() async throws {
        let mine = identity("mine")
        try await view.write { try await $0.insertIdentity(mine) }
        try await view.read { (store: any IdentityStore) async throws -> Void in
            #expect(try await store.identity(tenant: "t2", id: mine.id) == nil)
            #expect(try await store.identity(tenant: "t2", name: "mine") == nil)
            #expect(try await store.identity(tenant: "t2", spiffeID: mine.spiffeId) == nil)
            #expect(try await store.identities(tenant: "t2", filter: IdentityFilter()).map(\.name) == ["bot"])
            #expect(try await store.template(tenant: "t3", name: "agent") == nil)
        }
        var moved = mine
        moved.tenant = "t2"
        moved.owner = "mallory"
        let misdirected = moved
        try await view.write { try await $0.updateIdentity(misdirected) }
        #expect(try await view.read { try await $0.identity(tenant: "t1", id: mine.id) }?.owner == "alice")
    }

    /// Listing filters by owner, status, kind and expiry, ordered by name, limited, after a name; identities due
    /// for expiry come oldest first across tenants; counts are per tenant and status; expiry moves a due identity once.
    func filters() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t3", trustDomain: "t3.test", createdAt: now)) }
        try await view.write { store in
            try await store.insertIdentity(identity("c", tenant: "t3", owner: "alice", kind: .agent, expiresIn: 5))
            try await store.insertIdentity(identity("a", tenant: "t3", status: .suspended, owner: "bob", kind: .pipeline, expiresIn: 40))
            try await store.insertIdentity(identity("b", tenant: "t3", status: .expired, owner: "alice", kind: .app, expiresIn: -1))
        }
        let view = view
        @Sendable func names(_ filter: IdentityFilter) async throws -> [String] {
            try await view.read { try await $0.identities(tenant: "t3", filter: filter) }.map(\.name)
        }
        #expect(try await names(IdentityFilter()) == ["a", "b", "c"])
        #expect(try await names(IdentityFilter(owner: "alice")) == ["b", "c"])
        #expect(try await names(IdentityFilter(status: .suspended)) == ["a"])
        #expect(try await names(IdentityFilter(kind: .app)) == ["b"])
        #expect(try await names(IdentityFilter(expiringBefore: now.addingTimeInterval(7 * 86_400))) == ["b", "c"])
        #expect(try await names(IdentityFilter(limit: 2)) == ["a", "b"])
        #expect(try await names(IdentityFilter(limit: 2, after: "b")) == ["c"])
        #expect(try await names(IdentityFilter(limit: 2, after: "c")).isEmpty)

        let horizon = now.addingTimeInterval(50 * 86_400)
        let due = try await view.read { try await $0.identitiesDue(expiringAtOrBefore: horizon, limit: 100) }
        #expect(due.filter { $0.tenant == "t3" }.map(\.name) == ["c", "a"], "active and suspended ones, soonest first")
        #expect(due.map(\.expiresAt) == due.map(\.expiresAt).sorted())
        #expect(due.allSatisfy { $0.status == .active || $0.status == .suspended })
        let counts = Set(try await view.read { try await $0.identityCounts() }.filter { $0.tenant == "t3" })
        #expect(
            counts == [
                IdentityCount(tenant: "t3", status: .active, count: 1), IdentityCount(tenant: "t3", status: .suspended, count: 1),
                IdentityCount(tenant: "t3", status: .expired, count: 1),
            ])

        // Expiry is conditional: a due active or suspended identity moves once, whoever else tries.
        let due3 = try #require(due.first { $0.tenant == "t3" && $0.name == "c" })
        #expect(try await view.write { try await $0.expireIdentity(tenant: "t3", id: due3.id, at: now) } == false, "not due yet")
        let later = now.addingTimeInterval(6 * 86_400)
        #expect(try await view.write { try await $0.expireIdentity(tenant: "t3", id: due3.id, at: later) }, "due: expired")
        #expect(try await view.write { try await $0.expireIdentity(tenant: "t3", id: due3.id, at: later) } == false, "expired once")
        let stored = try await view.read { try await $0.identity(tenant: "t3", id: due3.id) }
        #expect(stored?.status == .expired && stored?.updatedAt == later)
    }

    /// Trusts round-trip, list per identity and tenant oldest first, and delete once, only where they are.
    func trusts() async throws {
        let now = now
        @Sendable func trust(_ id: String, identity: String = "idn_a", tenant: String = "t1") -> FederationTrust {
            FederationTrust(
                id: id, tenant: tenant, identityId: identity, issuer: "https://token.actions.githubusercontent.com", audience: "lanyard",
                conditions: [ClaimCondition(name: "repository_id", value: "42"), ClaimCondition(name: "kubernetes.io/namespace", value: "ci")],
                createdAt: now, createdBy: "admin:tok_1")
        }
        try await view.write { store in
            try await store.insertTrust(trust("trs_1"))
            try await store.insertTrust(trust("trs_2"))
            try await store.insertTrust(trust("trs_3", identity: "idn_b"))
            try await store.insertTrust(trust("trs_4", tenant: "t2"))
        }
        #expect(try await view.read { try await $0.trusts(tenant: "t1", identityId: "idn_a") } == [trust("trs_1"), trust("trs_2")])
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertTrust(trust("trs_1")) } }
        #expect(try await view.write { try await $0.deleteTrust(tenant: "t2", identityId: "idn_a", id: "trs_1") } == nil)
        #expect(try await view.write { try await $0.deleteTrust(tenant: "t1", identityId: "idn_b", id: "trs_1") } == nil)
        #expect(try await view.write { try await $0.deleteTrust(tenant: "t1", identityId: "idn_a", id: "trs_1") } == trust("trs_1"))
        #expect(try await view.write { try await $0.deleteTrust(tenant: "t1", identityId: "idn_a", id: "trs_1") } == nil, "deleted once")
        #expect(try await view.read { try await $0.trusts(tenant: "t1", identityId: "idn_a") }.map(\.id) == ["trs_2"])
        #expect(try await view.read { try await $0.trusts(tenant: "t2", identityId: "idn_a") }.map(\.id) == ["trs_4"])
    }

    /// An owner's status is set, replaced by a later set, per tenant, and listed by owner.
    func owners() async throws {
        let now = now
        let left = OwnerStatus(owner: "bob", active: false, changedAt: now, changedBy: "scim", reason: "left the company")
        try await view.write { store in
            try await store.setOwnerStatus(tenant: "t1", OwnerStatus(owner: "bob", active: true, changedAt: now, changedBy: "scim", reason: nil))
            try await store.setOwnerStatus(tenant: "t1", left)
            try await store.setOwnerStatus(tenant: "t1", OwnerStatus(owner: "alice", active: true, changedAt: now, changedBy: "scim", reason: nil))
        }
        try await view.read { (store: any IdentityStore) async throws -> Void in
            #expect(try await store.ownerStatus(tenant: "t1", owner: "bob") == left)
            #expect(try await store.ownerStatus(tenant: "t2", owner: "bob") == nil)
            #expect(try await store.ownerStatuses(tenant: "t1").map(\.owner) == ["alice", "bob"])
            #expect(try await store.ownerStatuses(tenant: "t1", after: "alice", limit: 10) == [left])
            #expect(try await store.ownerStatuses(tenant: "t2").isEmpty)
        }
    }
}
