import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``AuditStore``: per-tenant sequence numbers, leaves and head, search, keys, checkpoints and
/// pruning. (The leaf bytes and hashes themselves are checked against `LanyardAudit` by the storage tests.)
struct AuditStoreConformance {
    let view: CapabilityView<any AuditStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await sequences()
        try await secretsRefused()
        try await search()
        try await keys()
        try await checkpoints()
        try await prune()
    }

    func event(_ tenant: String, _ action: String, details: [String: String] = [:], at: Date? = nil) -> AuditEvent {
        AuditEvent(tenant: tenant, at: at ?? now, actor: "token:tok_1", action: action, target: "identity:idn_1", details: details)
    }

    /// Each tenant's events get sequence numbers 1, 2, 3 … from its own counter; events read back in order with every
    /// field; leaves (with or without content) and the head follow the same numbers.
    func sequences() async throws {
        #expect(try await view.read { try await $0.auditHead(tenant: "t1") } == nil, "no head before the first event")
        var sequences: [Int64] = []
        for index in 0..<5 {
            let event = AuditEvent(
                tenant: index % 2 == 0 ? "t1" : "t2", at: now, actor: "a", action: "act.\(index)", target: "t",
                before: .object(["n": .number(JSONNumber(Double(index)))]), after: nil, details: ["k": "v\(index)"])
            sequences.append(try await view.write { try await $0.appendAuditEvent(event) })
        }
        #expect(sequences == [1, 1, 2, 2, 3])
        let t1 = try await view.read { try await $0.auditEvents(tenant: "t1", after: 0, limit: 10) }
        #expect(t1.map(\.action) == ["act.0", "act.2", "act.4"])
        #expect(t1.map(\.sequence) == [1, 2, 3])
        #expect(t1.count == 3 && t1[1].details == ["k": "v2"] && t1[1].before == .object(["n": .number(2)]))
        #expect(try await view.read { try await $0.auditEvents(tenant: "t1", after: 1, limit: 1) }.map(\.action) == ["act.2"])
        let leaves = try await view.read { try await $0.auditLeaves(tenant: "t1", after: 0, limit: 10, content: true) }
        #expect(leaves.map(\.sequence) == [1, 2, 3])
        #expect(leaves.allSatisfy { $0.leaf != nil && $0.leafHash.count == 32 })
        let hashes = try await view.read { try await $0.auditLeaves(tenant: "t1", after: 1, limit: 10, content: false) }
        #expect(hashes.map(\.leafHash) == leaves.dropFirst().map(\.leafHash), "the same hashes without the content")
        #expect(try await view.read { try await $0.auditHead(tenant: "t1") } == AuditHead(size: 3, prunedThrough: 0))
        #expect(try await view.read { try await $0.auditHead(tenant: "t2") } == AuditHead(size: 2, prunedThrough: 0))
    }

    /// An event that still carries secrets is refused, and nothing of its transaction remains.
    func secretsRefused() async throws {
        let leaking = AuditEvent(
            tenant: "t1", at: now, actor: "token:tok_1", action: "credential.issue", target: "identity:idn_1",
            secrets: ["client_secret": "hunter2"])
        await #expect(throws: LanyardError.self) {
            try await view.write { store in
                try await store.appendAuditEvent(AuditEvent(tenant: "t1", at: leaking.at, actor: "a", action: "fine", target: "t"))
                try await store.appendAuditEvent(leaking)
            }
        }
        #expect(try await view.read { try await $0.auditHead(tenant: "t1") }?.size == 3)
    }

    /// Search filters by actor, target, action, decision and time, after a sequence number, up to a limit.
    func search() async throws {
        let now = now
        try await view.write { store in
            try await store.appendAuditEvent(event("t2", "authz.decide", details: ["decision": "allow"], at: now.addingTimeInterval(10)))
            try await store.appendAuditEvent(event("t2", "authz.decide", details: ["decision": "deny"], at: now.addingTimeInterval(60)))
            var other = event("t2", "identity.register", at: now.addingTimeInterval(120))
            other.actor = "token:tok_2"
            other.target = "identity:idn_2"
            try await store.appendAuditEvent(other)
        }
        let view = view
        @Sendable func sequences(_ query: AuditQuery) async throws -> [Int64] {
            try await view.read { try await $0.searchAuditEvents(tenant: "t2", query: query) }.map(\.sequence)
        }
        #expect(try await sequences(AuditQuery(decision: "deny")) == [4])
        #expect(try await sequences(AuditQuery(actor: "token:tok_2")) == [5])
        #expect(try await sequences(AuditQuery(target: "identity:idn_1", action: "authz.decide")) == [3, 4])
        #expect(try await sequences(AuditQuery(since: now.addingTimeInterval(60), until: now.addingTimeInterval(120))) == [4])
        #expect(try await sequences(AuditQuery(after: 3, limit: 1)) == [4])
        #expect(try await view.read { try await $0.searchAuditEvents(tenant: "t1", query: AuditQuery(action: "identity.register")) }.isEmpty)
    }

    /// A tenant's audit keys round-trip; a second set is refused.
    func keys() async throws {
        let record = AuditKeyRecord(tenant: "t1", publicKey: [1, 2, 3], sealedLogKey: [4, 5], sealedHMACKey: [6], createdAt: now)
        #expect(try await view.read { try await $0.auditKey(tenant: "t1") } == nil)
        try await view.write { try await $0.insertAuditKey(record) }
        #expect(try await view.read { try await $0.auditKey(tenant: "t1") } == record)
        #expect(try await view.read { try await $0.auditKey(tenant: "t2") } == nil)
        await #expect(throws: LanyardError.self) { try await view.write { try await $0.insertAuditKey(record) } }
    }

    /// Checkpoints are stored once per size (a second one of that size is not stored), list smallest first (all, or
    /// after a size up to a limit), and the latest is the largest.
    func checkpoints() async throws {
        let now = now
        @Sendable func checkpoint(_ size: Int64, _ note: String) -> AuditCheckpointRecord {
            AuditCheckpointRecord(tenant: "t1", size: size, createdAt: now, note: note)
        }
        #expect(try await view.write { try await $0.insertAuditCheckpoint(checkpoint(3, "a\n")) })
        #expect(try await view.write { try await $0.insertAuditCheckpoint(checkpoint(3, "b\n")) } == false)
        #expect(try await view.write { try await $0.insertAuditCheckpoint(checkpoint(9, "c\n")) })
        #expect(try await view.write { try await $0.insertAuditCheckpoint(checkpoint(5, "d\n")) })
        try await view.read { (store: any AuditStore) async throws -> Void in
            #expect(try await store.auditCheckpoints(tenant: "t1").map(\.note) == ["a\n", "d\n", "c\n"])
            #expect(try await store.auditCheckpoints(tenant: "t1", afterSize: 3, limit: 1).map(\.size) == [5])
            #expect(try await store.latestAuditCheckpoint(tenant: "t1")?.size == 9)
            #expect(try await store.latestAuditCheckpoint(tenant: "t2") == nil)
        }
    }

    /// Pruning drops the content of the longest prefix recorded before a date, never past the given size, keeps every
    /// leaf hash, and never shrinks the pruned prefix.
    func prune() async throws {
        let now = now
        try await view.store.write { try await $0.insertTenant(Tenant(name: "t3", trustDomain: "t3.test", createdAt: now)) }
        try await view.write { store in
            for index in 0..<6 {
                try await store.appendAuditEvent(event("t3", "act.\(index)", at: now.addingTimeInterval(Double(index) * 86_400)))
            }
        }
        let hashes = try await view.read { try await $0.auditLeaves(tenant: "t3", after: 0, limit: 10, content: false) }.map(\.leafHash)
        let through = try await view.write { try await $0.pruneAuditEvents(tenant: "t3", before: now.addingTimeInterval(4 * 86_400), upTo: 3) }
        #expect(through == 3, "capped by the checkpoint size")
        let leaves = try await view.read { try await $0.auditLeaves(tenant: "t3", after: 0, limit: 10, content: true) }
        #expect(leaves.map(\.leafHash) == hashes)
        #expect(leaves.map { $0.leaf == nil } == [true, true, true, false, false, false])
        #expect(try await view.read { try await $0.auditEvents(tenant: "t3", after: 0, limit: 10) }.map(\.sequence) == [4, 5, 6])
        #expect(try await view.read { try await $0.searchAuditEvents(tenant: "t3", query: AuditQuery()) }.map(\.sequence) == [4, 5, 6])
        #expect(try await view.read { try await $0.auditHead(tenant: "t3") } == AuditHead(size: 6, prunedThrough: 3))
        let again = try await view.write { try await $0.pruneAuditEvents(tenant: "t3", before: now, upTo: 6) }
        #expect(again == 3, "pruning never shrinks the pruned prefix")
    }
}
