import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``FindingStore``: one open finding of a kind per subject, newest-first pages with filters,
/// resolution once, tenants apart.
struct FindingStoreConformance {
    let view: CapabilityView<any FindingStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await raiseOncePerSubject()
        try await pagesAndFilters()
        try await resolution()
        try await workflow()
        try await cursors()
    }

    static func finding(_ id: String, subject: String, tenant: String = "t1", at: Date) -> Finding {
        Finding(
            id: id, tenant: tenant, kind: .orphanedIdentity, severity: .high, subject: subject, summary: "Identity lost its owner é.",
            details: ["owner": "alice", "graceEndsAt": "2027-01-01T00:00:00Z"], createdAt: at)
    }

    /// A finding round-trips; a second open one for the same subject and kind stores nothing.
    func raiseOncePerSubject() async throws {
        let first = Self.finding("fnd_1", subject: "identity:idn_a", at: now)
        #expect(try await view.write { try await $0.raiseFinding(first) })
        #expect(try await view.write { try await $0.raiseFinding(Self.finding("fnd_2", subject: "identity:idn_a", at: now)) } == false)
        #expect(try await view.read { try await $0.finding(tenant: "t1", id: "fnd_1") } == first)
        #expect(try await view.read { try await $0.finding(tenant: "t1", id: "fnd_2") } == nil)
        #expect(try await view.read { try await $0.finding(tenant: "t2", id: "fnd_1") } == nil, "tenants apart")
        #expect(try await view.write { try await $0.raiseFinding(Self.finding("fnd_3", subject: "identity:idn_a", tenant: "t2", at: now)) })
    }

    /// Newest first, then id; filters narrow; keyset pages neither skip nor repeat.
    func pagesAndFilters() async throws {
        let now = now
        try await view.write { store in
            _ = try await store.raiseFinding(Self.finding("fnd_4", subject: "identity:idn_b", at: now.addingTimeInterval(10)))
            _ = try await store.raiseFinding(Self.finding("fnd_5", subject: "identity:idn_c", at: now.addingTimeInterval(10)))
        }
        let all = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(), after: nil, limit: nil) }
        #expect(all.map(\.id) == ["fnd_4", "fnd_5", "fnd_1"])
        let first = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(), after: nil, limit: 2) }
        let last = try #require(first.last)
        let rest = try await view.read {
            try await $0.findings(tenant: "t1", filter: FindingFilter(), after: (createdAt: last.createdAt, id: last.id), limit: 2)
        }
        #expect((first + rest).map(\.id) == all.map(\.id))
        let subject = try await view.read {
            try await $0.findings(tenant: "t1", filter: FindingFilter(subject: "identity:idn_c"), after: nil, limit: nil)
        }
        #expect(subject.map(\.id) == ["fnd_5"])
        #expect(try await view.read { try await $0.findings(tenant: "t2", filter: FindingFilter(), after: nil, limit: nil) }.map(\.id) == ["fnd_3"])
    }

    /// Resolving closes the open one once; then a new one may be raised for the same subject.
    func resolution() async throws {
        let later = now.addingTimeInterval(60)
        let resolved = try await view.write {
            try await $0.resolveFinding(tenant: "t1", subject: "identity:idn_a", kind: .orphanedIdentity, at: later, resolution: "transferred")
        }
        #expect(resolved?.id == "fnd_1" && resolved?.status == .resolved && resolved?.resolvedAt == later && resolved?.resolution == "transferred")
        #expect(
            try await view.write {
                try await $0.resolveFinding(tenant: "t1", subject: "identity:idn_a", kind: .orphanedIdentity, at: later, resolution: "again")
            } == nil)
        #expect(try await view.read { try await $0.finding(tenant: "t2", id: "fnd_3") }?.status == .open, "the other tenant's stays open")
        #expect(try await view.write { try await $0.raiseFinding(Self.finding("fnd_6", subject: "identity:idn_a", at: later)) })
        let open = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(status: .open), after: nil, limit: nil) }
        #expect(open.map(\.id) == ["fnd_6", "fnd_4", "fnd_5"])
        let closed = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(status: .resolved), after: nil, limit: nil) }
        #expect(closed.map(\.id) == ["fnd_1"])
    }

    /// The compare-and-set update, unresolved listings by kind, suppressed findings falling due, evidence round-trips,
    /// and an acknowledged or suppressed finding still counting as unresolved (no duplicate raised).
    func workflow() async throws {
        let later = now.addingTimeInterval(120)
        let finding = try #require(try await view.read { try await $0.finding(tenant: "t1", id: "fnd_4") })
        var ack = finding
        ack.status = .acknowledged
        ack.acknowledgedAt = later
        ack.acknowledgedBy = "admin:alice"
        ack.updatedAt = later
        ack.evidence = [FindingEvidence(seq: 7, action: "finding.raise", at: later, note: "seen ü")]
        let acknowledged = ack
        #expect(try await view.write { try await $0.updateFinding(acknowledged, ifStatus: .open, updatedAt: finding.updatedAt) })
        #expect(
            try await view.write { try await $0.updateFinding(acknowledged, ifStatus: .open, updatedAt: finding.updatedAt) } == false,
            "a stale status and time change nothing")
        #expect(try await view.read { try await $0.finding(tenant: "t1", id: "fnd_4") } == acknowledged)
        #expect(
            try await view.write { try await $0.raiseFinding(Self.finding("fnd_7", subject: "identity:idn_b", at: later)) } == false,
            "an acknowledged finding is unresolved: no second one")
        var quiet = acknowledged
        quiet.status = .suppressed
        quiet.suppressedUntil = later.addingTimeInterval(3600)
        quiet.suppressReason = "accepted risk"
        quiet.updatedAt = later.addingTimeInterval(1)
        let suppressed = quiet
        #expect(try await view.write { try await $0.updateFinding(suppressed, ifStatus: .acknowledged, updatedAt: later) })
        #expect(try await view.read { try await $0.dueSuppressedFindings(now: later, limit: 10) }.isEmpty)
        #expect(try await view.read { try await $0.dueSuppressedFindings(now: later.addingTimeInterval(3600), limit: 10) }.map(\.id) == ["fnd_4"])
        let unresolved = try await view.read { try await $0.unresolvedFindings(tenant: "t1", kinds: [.orphanedIdentity]) }
        #expect(Set(unresolved.map(\.id)) == ["fnd_4", "fnd_5", "fnd_6"])
        #expect(try await view.read { try await $0.unresolvedFindings(tenant: "t1", kinds: [.drift]) }.isEmpty)
        #expect(try await view.read { try await $0.unresolvedFindings(tenant: "t1", kinds: []) }.isEmpty)
        let resolved = try await view.write {
            try await $0.resolveFinding(tenant: "t1", subject: "identity:idn_b", kind: .orphanedIdentity, at: later, resolution: "gone")
        }
        #expect(resolved?.id == "fnd_4" && resolved?.suppressedUntil == nil, "a suppressed finding is resolved when its cause goes")
        let owned = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(owner: "nobody"), after: nil, limit: nil) }
        #expect(owned.isEmpty)
        let severe = try await view.read {
            try await $0.findings(tenant: "t1", filter: FindingFilter(minimumSeverity: .critical), after: nil, limit: nil)
        }
        #expect(severe.isEmpty, "every finding here is high")
        let high = try await view.read { try await $0.findings(tenant: "t1", filter: FindingFilter(minimumSeverity: .high), after: nil, limit: nil) }
        #expect(high.count == 4)
    }

    /// A detector's cursor per tenant, moved forward by upsert.
    func cursors() async throws {
        #expect(try await view.read { try await $0.findingCursor(tenant: "t1", detector: "drift") } == nil)
        try await view.write { try await $0.setFindingCursor(tenant: "t1", detector: "drift", seq: 10) }
        try await view.write { try await $0.setFindingCursor(tenant: "t1", detector: "drift", seq: 25) }
        #expect(try await view.read { try await $0.findingCursor(tenant: "t1", detector: "drift") } == 25)
        #expect(try await view.read { try await $0.findingCursor(tenant: "t2", detector: "drift") } == nil)
    }
}
