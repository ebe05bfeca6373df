import Crypto
import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

/// The audit log part of the store contract: leaves, counters, checkpoints, keys and pruning, on every engine.
@Suite("Audit log contract on every engine")
struct AuditLogContractTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }
    static let now = StoreContractTests.now

    static func event(_ tenant: String, _ action: String, details: [String: String] = [:], at: Date = now) -> AuditEvent {
        AuditEvent(tenant: tenant, at: at, actor: "token:tok_1", action: action, target: "identity:idn_1", details: details)
    }

    @Test("grouped writes give each tenant gap-free sequence numbers, one counter per tenant", arguments: engines)
    func groupedSequences(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<60 {
                group.addTask {
                    let _: Int64 = try await store.writeGrouped { session in
                        try await session.appendAuditEvent(Self.event(index % 3 == 0 ? "t2" : "t1", "act.\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        for (tenant, count) in [("t1", Int64(40)), ("t2", Int64(20))] {
            let leaves = try await store.read { try await $0.auditLeaves(tenant: tenant, after: 0, limit: 100, content: true) }
            #expect(leaves.map(\.sequence) == Array(1...count))
            #expect(try await store.read { try await $0.auditHead(tenant: tenant) } == AuditHead(size: count, prunedThrough: 0))
            for leaf in leaves {
                let text = try #require(leaf.leaf)
                let expected = Array(SHA256.hash(data: [0x00] + Array(text.utf8)))
                #expect(leaf.leafHash == expected, "leaf hash is SHA-256(0x00 ‖ canonical bytes)")
                #expect(try AuditEvent(canonicalLeaf: text).sequence == leaf.sequence, "the bytes carry the sequence number")
            }
        }
    }

    @Test("an event that still carries secrets is refused and nothing of its transaction remains", arguments: engines)
    func secretsRefused(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        let leaking = AuditEvent(
            tenant: "t1", at: Self.now, actor: "token:tok_1", action: "credential.issue", target: "identity:idn_1",
            secrets: ["client_secret": "hunter2"])
        await #expect(throws: LanyardError.self) {
            try await store.write { session in
                try await session.insertIdentity(StoreContractTests.identity("leaky"))
                try await session.appendAuditEvent(leaking)
            }
        }
        let secretEvent = leaking
        await #expect(throws: (any Error).self) {
            try await store.writeGrouped { session in try await session.appendAuditEvent(secretEvent) }
        }
        try await store.read { (session: any StoreSession) async throws -> Void in
            #expect(try await session.identity(tenant: "t1", name: "leaky") == nil)
            #expect(try await session.auditHead(tenant: "t1") == nil)
        }
    }

}

/// Opening a database for offline verification changes nothing.
@Suite("Read-only store for verification")
struct ReadOnlyStoreTests {
    @Test("a missing SQLite database is refused and not created")
    func missing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lanyard-missing-\(UUID().uuidString).db").path
        await #expect(throws: LanyardError.self) { try await SQLStore.openReadOnly(.sqlite(path: path), logger: Logger(label: "test")) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an existing SQLite database reads, refuses writes, and its path may contain URI characters")
    func readsButNeverWrites() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lanyard ro?#% \(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("lanyard.db").path)
        let writer = try await SQLStore.open(location, logger: Logger(label: "test"))
        try await writer.write { session in
            try await session.insertTenant(Tenant(name: "t1", trustDomain: "t1.test", createdAt: StoreContractTests.now))
            try await session.appendAuditEvent(AuditLogContractTests.event("t1", "act"))
        }
        await writer.close()
        let reader = try await SQLStore.openReadOnly(location, logger: Logger(label: "test"))
        #expect(try await reader.read { try await $0.auditHead(tenant: "t1") } == AuditHead(size: 1, prunedThrough: 0))
        await #expect(throws: (any Error).self) {
            try await reader.write { try await $0.appendAuditEvent(AuditLogContractTests.event("t1", "sneaky")) }
        }
        #expect(try await reader.read { try await $0.auditHead(tenant: "t1") }?.size == 1)
        await reader.close()
    }
}
