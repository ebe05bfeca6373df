import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``ExpiryNoticeStore``: which identities a notice is due for, notices recorded once per identity,
/// expiry and lead, and each tenant apart.
struct ExpiryNoticeStoreConformance {
    let view: CapabilityView<any ExpiryNoticeStore>
    var now: Date { StoreConformance.now }

    static let day: TimeInterval = 86_400
    static let week = TimeSpan.days(7)

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await seedIdentities()
        try await window()
        try await recordedOnce()
        try await shorterLeadCovers()
        try await newExpiryIsDueAgain()
        try await tenantsApart()
    }

    func identity(_ name: String, tenant: String = "t1", status: IdentityStatus = .active, expiresIn days: Double, template: String = "agent")
        -> Identity
    {
        var identity = StoreConformance.identity(name, tenant: tenant, status: status, expiresIn: days)
        identity.template = template
        return identity
    }

    /// In `t1` (template `agent` unless named): `a` in 2 days, `b` in 6, `h` in exactly 7, `c` in 10; `d` suspended
    /// and in 2; `e` expiring exactly now; `f` of another template in 2. In `t2`: `a` in 2.
    func seedIdentities() async throws {
        let identities = [
            identity("a", expiresIn: 2), identity("b", expiresIn: 6), identity("h", expiresIn: 7), identity("c", expiresIn: 10),
            identity("d", status: .suspended, expiresIn: 2), identity("e", expiresIn: 0), identity("f", expiresIn: 2, template: "app"),
            identity("a", tenant: "t2", expiresIn: 2),
        ]
        try await view.store.write { session in
            for identity in identities { try await session.insertIdentity(identity) }
        }
    }

    func due(_ tenant: String = "t1", templates: [String] = ["agent"], lead: TimeSpan = week, after: Double = 0, upTo days: Double = 7, limit: Int = 10)
        async throws -> [String]
    {
        let now = now
        return try await view.write { store in
            try await store.identitiesDueForExpiryNotice(
                tenant: tenant, templates: templates, lead: lead, expiringAfter: now.addingTimeInterval(after * Self.day),
                atOrBefore: now.addingTimeInterval(days * Self.day), limit: limit)
        }.map(\.name)
    }

    func notice(_ name: String, tenant: String = "t1", expiresIn days: Double, lead: TimeSpan) -> ExpiryNotice {
        ExpiryNotice(
            tenant: tenant, identityID: "idn_\(tenant)_\(name)", expiresAt: now.addingTimeInterval(days * Self.day), lead: lead,
            sentAt: now.addingTimeInterval(-5))
    }

    /// Active identities of the named templates expiring after the lower bound and at or before the upper one, soonest
    /// first, at most `limit`; suspended ones, other templates and other tenants are not in it.
    func window() async throws {
        #expect(try await due() == ["a", "b", "h"], "after now, up to and with 7 days; active, this template, this tenant")
        #expect(try await due(after: 2, upTo: 7) == ["b", "h"], "the lower bound is exclusive")
        #expect(try await due(limit: 2) == ["a", "b"])
        #expect(try await due(templates: ["agent", "app"]) == ["a", "f", "b", "h"], "several templates; same expiry by id")
        #expect(try await due(templates: []) == [], "no template, no identity")
        #expect(
            try await view.read { store in
                try await store.identitiesDueForExpiryNotice(
                    tenant: "t1", templates: ["agent"], lead: Self.week, expiringAfter: now, atOrBefore: now.addingTimeInterval(7 * Self.day), limit: 10)
            }.map(\.name) == ["a", "b", "h"], "the same in a read")
    }

    /// A notice is recorded once (a second record of the same identity, expiry and lead is `false` and changes
    /// nothing), round-trips exactly, and takes its identity out of the band of that lead.
    func recordedOnce() async throws {
        let first = notice("a", expiresIn: 2, lead: Self.week)
        #expect(try await view.write { try await $0.recordExpiryNotice(first) })
        let again = ExpiryNotice(tenant: "t1", identityID: first.identityID, expiresAt: first.expiresAt, lead: first.lead, sentAt: now)
        #expect(try await view.write { try await $0.recordExpiryNotice(again) } == false, "recorded once")
        #expect(try await view.read { try await $0.expiryNotices(tenant: "t1", identityID: first.identityID) } == [first], "the first one kept")
        #expect(try await due() == ["b", "h"])
    }

    /// A notice at a shorter lead covers the longer ones (they are never sent after it); a longer lead does not cover a
    /// shorter one. Notices list latest expiry first, then longest lead first.
    func shorterLeadCovers() async throws {
        let day = TimeSpan.days(1)
        #expect(try await view.write { try await $0.recordExpiryNotice(notice("b", expiresIn: 6, lead: day)) })
        #expect(try await view.write { try await $0.recordExpiryNotice(notice("h", expiresIn: 7, lead: .days(30))) })
        #expect(try await due() == ["h"], "b's 1-day notice covers its 7-day one; h's 30-day notice does not")
        #expect(try await view.write { try await $0.recordExpiryNotice(notice("h", expiresIn: 7, lead: Self.week)) })
        #expect(
            try await view.read { try await $0.expiryNotices(tenant: "t1", identityID: "idn_t1_h") }.map(\.lead) == [.days(30), Self.week])
        #expect(try await due().isEmpty)
    }

    /// A notice is about one expiry: once the identity expires later, it is due again, and both notices are kept.
    func newExpiryIsDueAgain() async throws {
        let extended = identity("a", expiresIn: 3)
        try await view.store.write { try await $0.updateIdentity(extended) }
        #expect(try await due() == ["a"])
        #expect(try await view.write { try await $0.recordExpiryNotice(notice("a", expiresIn: 3, lead: Self.week)) })
        #expect(
            try await view.read { try await $0.expiryNotices(tenant: "t1", identityID: "idn_t1_a") }.map(\.expiresAt) == [
                now.addingTimeInterval(3 * Self.day), now.addingTimeInterval(2 * Self.day),
            ])
    }

    /// Notices and due identities are per tenant.
    func tenantsApart() async throws {
        #expect(try await due("t2") == ["a"], "t1's notices say nothing about t2")
        #expect(try await view.read { try await $0.expiryNotices(tenant: "t2", identityID: "idn_t1_a") }.isEmpty)
        #expect(try await view.write { try await $0.recordExpiryNotice(notice("a", tenant: "t2", expiresIn: 2, lead: Self.week)) })
        #expect(try await due("t2").isEmpty)
        #expect(try await view.read { try await $0.expiryNotices(tenant: "t1", identityID: "idn_t1_a") }.count == 2, "t1 unchanged")
    }
}
