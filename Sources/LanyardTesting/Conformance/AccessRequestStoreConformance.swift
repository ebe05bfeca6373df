import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``AccessRequestStore``: round trips, compare-and-set on the revision (of two writers from one
/// revision exactly one wins), newest-first pages with filters, the expiry pass's look-up, tenants apart; the tenant's
/// access policy, stored version by version.
struct AccessRequestStoreConformance {
    let view: CapabilityView<any AccessRequestStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await roundTripAndRevisions()
        try await pagesAndDue()
        try await policies()
    }

    /// The access policy: none until set; each version stored once (of two writers from one version exactly one wins).
    func policies() async throws {
        #expect(try await view.read { try await $0.accessPolicy(tenant: "t1") } == nil)
        let first = AccessPolicy(
            approvals: ["deploy": 3], maxDurations: ["data-read": 7200], breakGlassMax: 1800, autoApprove: "// é", version: 1,
            updatedAt: now, updatedBy: "user:alice")
        #expect(try await view.write { try await $0.putAccessPolicy(first, tenant: "t1") })
        #expect(try await view.write { try await $0.putAccessPolicy(first, tenant: "t1") } == false, "version 1 is stored once")
        let second = AccessPolicy(
            maxDurations: ["data-read": 7200], breakGlassMax: 1800, autoApprove: "// é", version: 2, updatedAt: now, updatedBy: "user:alice")
        let stale = AccessPolicy(autoApprove: "stale", version: 2, updatedAt: now, updatedBy: "user:bob")
        #expect(try await view.write { try await $0.putAccessPolicy(second, tenant: "t1") })
        #expect(try await view.write { try await $0.putAccessPolicy(stale, tenant: "t1") } == false, "the second writer from version 1 loses")
        #expect(try await view.read { try await $0.accessPolicy(tenant: "t1") } == second)
        #expect(try await view.read { try await $0.accessPolicy(tenant: "t2") } == nil, "tenants apart")
    }

    static func request(_ id: String, tenant: String = "t1", at: Date, identity: String = "idn_a") -> AccessRequest {
        AccessRequest(
            id: id, tenant: tenant, requester: "identity:\(identity)", identity: identity, identityOwner: "alice", tier: .dataRead,
            actions: ["read"], resource: #"Lanyard::Dataset::"sales é""#, scopes: ["deploy"], duration: 600, justification: "a reason é",
            task: "tsk_1", createdAt: at, expiresAt: at.addingTimeInterval(3600))
    }

    /// A request round-trips at revision 1; an update from a stale revision stores nothing.
    func roundTripAndRevisions() async throws {
        let asked = Self.request("req_a", at: now)
        try await view.write { try await $0.insertAccessRequest(asked) }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertAccessRequest(asked) } }
        let stored = try #require(try await view.read { try await $0.accessRequest(tenant: "t1", id: "req_a") })
        #expect(stored.request == asked && stored.revision == 1)
        let approved = try asked.approve(by: "user:bob", reason: "fine", at: now)
        let denied = try asked.deny(by: "user:carol", reason: "no", at: now)
        #expect(try await view.write { try await $0.updateAccessRequest(approved, revision: 1) })
        #expect(try await view.write { try await $0.updateAccessRequest(denied, revision: 1) } == false, "the second writer from revision 1 loses")
        let after = try #require(try await view.read { try await $0.accessRequest(tenant: "t1", id: "req_a") })
        #expect(after.request == approved && after.revision == 2)
        #expect(try await view.read { try await $0.accessRequest(tenant: "t2", id: "req_a") } == nil, "tenants apart")
    }

    /// Newest first with filters and keyset pages; due: waiting or approved requests past their expiry, oldest first.
    func pagesAndDue() async throws {
        let now = now
        try await view.write { store in
            try await store.insertAccessRequest(Self.request("req_b", at: now.addingTimeInterval(10), identity: "idn_b"))
            try await store.insertAccessRequest(Self.request("req_c", at: now.addingTimeInterval(10)))
            try await store.insertAccessRequest(Self.request("req_d", tenant: "t2", at: now))
        }
        let all = try await view.read { try await $0.accessRequests(tenant: "t1", filter: AccessRequestFilter(), after: nil, limit: nil) }
        #expect(all.map(\.id) == ["req_b", "req_c", "req_a"])
        let first = try await view.read { try await $0.accessRequests(tenant: "t1", filter: AccessRequestFilter(), after: nil, limit: 2) }
        let last = try #require(first.last)
        let rest = try await view.read {
            try await $0.accessRequests(tenant: "t1", filter: AccessRequestFilter(), after: (last.createdAt, last.id), limit: 2)
        }
        #expect((first + rest).map(\.id) == all.map(\.id))
        let waiting = try await view.read {
            try await $0.accessRequests(tenant: "t1", filter: AccessRequestFilter(status: .requested, identity: "idn_a"), after: nil, limit: nil)
        }
        #expect(waiting.map(\.id) == ["req_c"])
        let due = try await view.read { try await $0.accessRequestsDue(at: now.addingTimeInterval(3605), limit: 10) }
        #expect(due.map(\.request.id) == ["req_a", "req_d"], "the approved one too; every tenant; not yet the later ones")
        #expect(due.first?.revision == 2)
    }
}
