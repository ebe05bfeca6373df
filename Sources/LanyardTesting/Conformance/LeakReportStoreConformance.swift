import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``LeakReportStore``: every field round-trips, one report per tenant and token hash (the same hash in
/// another tenant is another report), newest-first pages that neither skip nor repeat, tenants apart; door bearers found
/// by hash, listed newest first, revoked once.
struct LeakReportStoreConformance {
    let view: CapabilityView<any LeakReportStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await roundTripAndUniqueness()
        try await pages()
        try await doorTokens()
    }

    static func report(_ id: String, tenant: String = "t1", hash: String, at: Date) -> LeakReport {
        LeakReport(
            id: id, tenant: tenant, tokenHash: hash, door: .api, reportedType: "lanyard_access_token", kind: .unknown, location: nil, source: nil,
            receivedAt: at, outcome: .unknown)
    }

    /// Every field round-trips (optional ones set and unset); a second report of the same hash in the tenant is refused.
    func roundTripAndUniqueness() async throws {
        let full = LeakReport(
            id: "lkr_full", tenant: "t1", tokenHash: String(repeating: "a", count: 64), door: .github, reportedType: "lanyard_access_token",
            kind: .accessToken, location: "https://github.com/o/r/blob/abc/é.txt", source: "commit", receivedAt: now,
            revokedAt: now.addingTimeInterval(1), revokeMilliseconds: 37, outcome: .revoked, identity: "idn_a", credential: "jti_a", revokedCount: 3)
        let bare = Self.report("lkr_bare", hash: String(repeating: "b", count: 64), at: now)
        try await view.write { store in
            try await store.insertLeakReport(full)
            try await store.insertLeakReport(bare)
            try await store.insertLeakReport(Self.report("lkr_full", tenant: "t2", hash: full.tokenHash, at: now))
            try await store.insertLeakReport(Self.report("lkr_global", tenant: "", hash: full.tokenHash, at: now))
        }
        #expect(try await view.read { try await $0.leakReport(tenant: "t1", tokenHash: full.tokenHash) } == full)
        #expect(try await view.read { try await $0.leakReport(tenant: "t1", tokenHash: bare.tokenHash) } == bare)
        #expect(try await view.read { try await $0.leakReport(tenant: "t2", tokenHash: full.tokenHash) }?.outcome == .unknown)
        #expect(try await view.read { try await $0.leakReport(tenant: "", tokenHash: full.tokenHash) }?.id == "lkr_global")
        #expect(try await view.read { try await $0.leakReport(tenant: "t2", tokenHash: bare.tokenHash) } == nil)
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertLeakReport(Self.report("lkr_again", hash: full.tokenHash, at: now)) }
        }
        #expect(try await view.read { try await $0.leakReport(tenant: "t1", tokenHash: full.tokenHash) } == full, "the first report stays")
    }

    /// Newest first, then by id; following the position of the last one neither skips nor repeats.
    func pages() async throws {
        let now = now
        try await view.write { store in
            for index in 0..<5 {
                let hash = String(repeating: String(index), count: 64)
                try await store.insertLeakReport(Self.report("lkr_p\(index)", tenant: "t2", hash: hash, at: now.addingTimeInterval(Double(10 + index / 2))))
            }
        }
        let all = try await view.read { try await $0.leakReports(tenant: "t2", after: nil, limit: nil) }.map(\.id)
        #expect(all == ["lkr_p4", "lkr_p2", "lkr_p3", "lkr_p0", "lkr_p1", "lkr_full"])
        var seen: [String] = []
        var after: (receivedAt: Date, id: String)?
        while true {
            let page = try await view.read { [after] in try await $0.leakReports(tenant: "t2", after: after, limit: 2) }
            guard let last = page.last else { break }
            seen += page.map(\.id)
            after = (last.receivedAt, last.id)
        }
        #expect(seen == all)
        #expect(try await view.read { try await $0.leakReports(tenant: "t1", after: nil, limit: 1) }.count == 1)
    }

    /// Door bearers: found by hash whatever the tenant, unique hashes, listed per tenant newest first, revoked once and
    /// only in their own tenant.
    func doorTokens() async throws {
        let now = now
        @Sendable func token(_ id: String, tenant: String = "t1", hash: String, at offset: Double) -> LeakDoorToken {
            LeakDoorToken(
                id: id, tenant: tenant, tokenHash: hash, description: "gitlab é", createdAt: now.addingTimeInterval(offset), createdBy: "user:alice")
        }
        let first = token("rvt_a", hash: "h1", at: 0)
        try await view.write { store in
            try await store.insertLeakDoorToken(first)
            try await store.insertLeakDoorToken(token("rvt_b", hash: "h2", at: 5))
            try await store.insertLeakDoorToken(token("rvt_a", tenant: "t2", hash: "h3", at: 0))
        }
        #expect(try await view.read { try await $0.leakDoorToken(hash: "h1") } == first)
        #expect(try await view.read { try await $0.leakDoorToken(hash: "h3") }?.tenant == "t2")
        #expect(try await view.read { try await $0.leakDoorToken(hash: "nope") } == nil)
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertLeakDoorToken(token("rvt_c", hash: "h1", at: 9)) }
        }
        #expect(try await view.read { try await $0.leakDoorTokens(tenant: "t1") }.map(\.id) == ["rvt_b", "rvt_a"])
        #expect(try await view.write { try await $0.revokeLeakDoorToken(tenant: "t2", id: "rvt_b", at: now) } == false, "another tenant's")
        #expect(try await view.write { try await $0.revokeLeakDoorToken(tenant: "t1", id: "rvt_b", at: now.addingTimeInterval(7)) })
        #expect(try await view.write { try await $0.revokeLeakDoorToken(tenant: "t1", id: "rvt_b", at: now.addingTimeInterval(8)) } == false)
        #expect(try await view.read { try await $0.leakDoorToken(hash: "h2") }?.revokedAt == now.addingTimeInterval(7))
        #expect(try await view.read { try await $0.leakDoorToken(hash: "h3") }?.revokedAt == nil)
    }
}
