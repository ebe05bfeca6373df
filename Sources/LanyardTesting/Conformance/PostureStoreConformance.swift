import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``PostureStore``: per-identity credential aggregates (last issue, live count, longest live lifetime
/// and its jti), scopes issued since an instant, every trust of a tenant, and the audit log's integrity counts —
/// tenants apart. Its fixtures insert credentials, trusts and audit events through their own stores.
struct PostureStoreConformance {
    let view: CapabilityView<any StoreSession>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await credentialAggregates()
        try await trustsOfTenant()
        try await auditCounts()
    }

    func record(_ jti: String, identity: String, tenant: String = "t1", issuedAgo: TimeInterval, lifetime: TimeInterval, scopes: [String])
        -> CredentialRecord
    {
        CredentialRecord(
            jti: jti, tenant: tenant, identityId: identity, owner: "alice", scopes: scopes, audience: "api",
            issuedAt: now.addingTimeInterval(-issuedAgo), expiresAt: now.addingTimeInterval(-issuedAgo + lifetime))
    }

    /// The last issue counts every credential; live ones are neither expired nor revoked; the longest live lifetime
    /// names its jti; identities without a live one report 0 and no jti.
    func credentialAggregates() async throws {
        try await view.write { session in
            try await session.insertCredential(record("a1", identity: "idn_a", issuedAgo: 100, lifetime: 3600, scopes: ["read"]))
            try await session.insertCredential(record("a2", identity: "idn_a", issuedAgo: 50, lifetime: 86_400 * 3, scopes: ["read", "write"]))
            try await session.insertCredential(record("a3", identity: "idn_a", issuedAgo: 10, lifetime: 86_400 * 9, scopes: ["admin"]))
            try await session.insertCredential(record("b1", identity: "idn_b", issuedAgo: 86_400 * 40, lifetime: 3600, scopes: ["read"]))
            try await session.insertCredential(record("c1", identity: "idn_c", tenant: "t2", issuedAgo: 5, lifetime: 60, scopes: ["x"]))
            _ = try await session.revokeCredentials(tenant: "t1", target: .credential(jti: "a3"), at: now, reason: "test")
        }
        let usage = try await view.read { try await $0.credentialUsage(tenant: "t1", now: now) }
        #expect(usage.map(\.identity) == ["idn_a", "idn_b"], "tenants apart, by identity")
        let a = try #require(usage.first)
        #expect(a.lastIssuedAt == now.addingTimeInterval(-10), "the revoked one still counts as issued")
        #expect(a.live == 2 && a.longestLiveSeconds == 86_400 * 3 && a.longestLiveJTI == "a2", "a3 is revoked: a2 is the longest live")
        let b = try #require(usage.last)
        #expect(b.live == 0 && b.longestLiveSeconds == 0 && b.longestLiveJTI == nil)
        let scopes = try await view.read { try await $0.issuedScopes(tenant: "t1", since: now.addingTimeInterval(-86_400)) }
        #expect(scopes == ["idn_a": ["read", "write", "admin"]], "only credentials issued since the instant; idn_b's is older")
    }

    func trustsOfTenant() async throws {
        let trust = FederationTrust(
            id: "trs_1", tenant: "t1", identityId: "idn_a", issuer: "https://token.actions.githubusercontent.com", audience: "lanyard",
            conditions: [ClaimCondition(name: "repository", value: "acme/app")], createdAt: now, createdBy: "admin")
        var copy = trust
        copy.id = "trs_2"
        copy.tenant = "t2"
        let other = copy
        try await view.write { session in
            try await session.insertTrust(trust)
            try await session.insertTrust(other)
        }
        #expect(try await view.read { try await $0.trusts(tenant: "t1") } == [trust])
        #expect(try await view.read { try await $0.trusts(tenant: "t2") }.map(\.id) == ["trs_2"])
    }

    /// A log never written is complete and empty; appended leaves are counted against the head.
    func auditCounts() async throws {
        let empty = try await view.read { try await $0.auditIntegrity(tenant: "t1") }
        #expect(empty == AuditIntegrity(size: 0, prunedThrough: 0, storedLeaves: 0, lastSequence: -1) && empty.isComplete)
        try await view.write { session in
            for index in 0..<3 {
                _ = try await session.appendAuditEvent(
                    AuditEvent(tenant: "t1", at: now, actor: "admin", action: "tenant.settings", target: "tenant:t1", details: ["n": String(index)]))
            }
        }
        let written = try await view.read { try await $0.auditIntegrity(tenant: "t1") }
        #expect(written == AuditIntegrity(size: 3, prunedThrough: 0, storedLeaves: 3, lastSequence: 3) && written.isComplete)
        #expect(try await view.read { try await $0.auditIntegrity(tenant: "t2") }.size == 0)
        let read = try await view.read { try await $0.auditEvents(tenant: "t1", after: 0, through: 2, actions: ["tenant.settings"], markers: [:], limit: 10) }
        #expect(read.map(\.sequence) == [1, 2] && read.map { $0.details["n"] } == ["0", "1"], "only up to `through`")
        #expect(
            try await view.read { try await $0.auditEvents(tenant: "t1", after: 1, through: 3, actions: ["tenant.settings"], markers: [:], limit: 1) }.map(
                \.sequence) == [2])
        #expect(
            try await view.read { try await $0.auditEvents(tenant: "t1", after: 0, through: 3, actions: ["identity.register"], markers: [:], limit: 10) }
                .isEmpty)
        #expect(
            try await view.read { try await $0.auditEvents(tenant: "t2", after: 0, through: 3, actions: ["tenant.settings"], markers: [:], limit: 10) }.isEmpty)
        let marked = try await view.read {
            try await $0.auditEvents(tenant: "t1", after: 0, through: 3, actions: ["tenant.settings"], markers: ["tenant.settings": [#""n":"1""#]], limit: 10)
        }
        #expect(marked.map(\.sequence) == [2], "a marked action only where its leaf has the text")
        let either = try await view.read {
            try await $0.auditEvents(
                tenant: "t1", after: 0, through: 3, actions: ["tenant.settings"], markers: ["tenant.settings": [#""n":"0""#, #""n":"2""#]], limit: 10)
        }
        #expect(either.map(\.sequence) == [1, 3], "a marked action where its leaf has any one of the texts")
        try await view.write { session in
            for (index, action) in ["authz.evaluation", "authz.evaluations", "authz.evaluation"].enumerated() {
                _ = try await session.appendAuditEvent(
                    AuditEvent(
                        tenant: "t1", at: now.addingTimeInterval(TimeInterval(-index * 100)), actor: "pep", action: action, target: "tenant:t1",
                        details: [:]))
            }
        }
        let decisions = ["authz.evaluation", "authz.evaluations"]
        #expect(try await view.read { try await $0.auditEventCount(tenant: "t1", actions: decisions, since: now.addingTimeInterval(-150)) } == 2)
        #expect(try await view.read { try await $0.auditEventCount(tenant: "t1", actions: decisions, since: now.addingTimeInterval(-300)) } == 3)
        #expect(try await view.read { try await $0.auditEventCount(tenant: "t1", actions: ["authz.evaluations"], since: .distantPast) } == 1)
        #expect(try await view.read { try await $0.auditEventCount(tenant: "t2", actions: decisions, since: .distantPast) } == 0)
        #expect(try await view.read { try await $0.auditEventCount(tenant: "t1", actions: [], since: .distantPast) } == 0)
        #expect(AuditIntegrity(size: 3, prunedThrough: 0, storedLeaves: 2, lastSequence: 3).isComplete == false, "a missing leaf is a gap")
        #expect(AuditIntegrity(size: 3, prunedThrough: 0, storedLeaves: 3, lastSequence: 4).isComplete == false, "a leaf past the head")
    }
}
