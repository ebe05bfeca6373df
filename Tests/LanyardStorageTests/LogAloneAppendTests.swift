import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

/// Batches of audit events alone (the decision log's), which SQLite writes as one autocommitted INSERT with sequence
/// numbers from the heads it last knew: whatever else appends in between — transactions of this store, grouped
/// bodies, another process on the same file — every log stays dense, each event is stored once, every leaf hash
/// matches its text and `audit_heads` says the log's size.
@Suite("Audit events appended alone")
struct LogAloneAppendTests {
    static let now = StoreContractTests.now

    static func event(_ target: String, tenant: String) -> AuditEvent {
        AuditEvent(tenant: tenant, at: now, actor: "pep", action: .authzEvaluation, target: target, details: ["decision": "allow"])
    }

    /// Checks `tenant`'s log as an offline verifier does (dense, hashes, head size) and returns its targets in order.
    static func verifiedTargets(_ store: SQLStore, tenant: String) async throws -> [String] {
        let (leaves, head) = try await store.read { session in
            (try await session.auditLeaves(tenant: tenant, after: 0, limit: 100_000, content: true), try await session.auditHead(tenant: tenant))
        }
        var verifier = AuditVerifier(tenant: tenant, notes: [], publicKey: nil)
        for leaf in leaves {
            if let failure = verifier.add(leaf) { Issue.record("\(tenant): \(failure)") }
        }
        if case .failure(let failure) = verifier.finish(headSize: head?.size) { Issue.record("\(tenant): \(failure)") }
        #expect(head?.size == Int64(leaves.count))
        let events = try await store.read { try await $0.auditEvents(tenant: tenant, after: 0, limit: 100_000) }
        #expect(events.map(\.sequence) == (0..<events.count).map { Int64($0 + 1) })
        return events.map(\.target)
    }

    @Test("interleaved with transactions and grouped bodies, each event lands once and every log stays dense", arguments: TestDatabases.engines)
    func interleaved(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<240 {
                let tenant = index % 3 == 0 ? "log2" : "log1"
                group.addTask { () async throws -> Void in
                    switch index % 8 {
                    case 0: _ = try await store.write { try await $0.appendAuditEvent(Self.event("w\(index)", tenant: tenant)) }
                    case 1: _ = try await store.writeGrouped { try await $0.appendAuditEvent(Self.event("g\(index)", tenant: tenant)) }
                    default: try await store.append(DurableAppend(events: [Self.event("a\(index)", tenant: tenant)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        var expected: [String: Set<String>] = [:]
        for index in 0..<240 {
            let prefix = index % 8 == 0 ? "w" : index % 8 == 1 ? "g" : "a"
            expected[index % 3 == 0 ? "log2" : "log1", default: []].insert("\(prefix)\(index)")
        }
        for tenant in ["log1", "log2"] {
            let targets = try await Self.verifiedTargets(store, tenant: tenant)
            #expect(targets.count == expected[tenant]?.count, "\(tenant): no event twice")
            #expect(Set(targets) == expected[tenant], "\(tenant): every acknowledged event")
        }
    }

    @Test("another process appending in between: the stale head is refused, nothing is lost or repeated")
    func anotherProcess() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        let first = try await SQLStore.open(location, logger: Logger(label: "first"))
        let second = try await SQLStore.open(location, logger: Logger(label: "second"))
        defer {
            Task {
                await first.close()
                await second.close()
            }
        }
        var written: [String] = []
        for round in 0..<5 {
            // `first` learns t1's head from its own append; `second` then moves it on the same file.
            for (store, name) in [(first, "first"), (second, "second")] {
                let target = "\(name)-\(round)"
                try await store.append(DurableAppend(events: [Self.event(target, tenant: "log1")]))
                written.append(target)
            }
        }
        #expect(try await Self.verifiedTargets(first, tenant: "log1") == written)
    }
}
