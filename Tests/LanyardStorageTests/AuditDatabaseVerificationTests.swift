import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
@testable import LanyardStorage
import LanyardTesting
import SQLKit
import Testing

/// Offline verification of a real database (written by the real appender, checkpoints signed by the real ledger),
/// read in pages of 7 so that page boundaries fall inside the log, then tampered with in SQL.
@Suite("Verifying a stored audit log")
struct AuditDatabaseVerificationTests {
    static let events = 30
    static let pageSize = 7

    /// A store whose tenant `acme` has ``events`` events (every fourth with a decision, every fifth with a snapshot
    /// the one-pass reader leaves to the full parser) and checkpoints at sizes 10, 20 and 30.
    static func log(_ engine: TestDatabases.Engine) async throws -> TestEnvironment {
        let env = try await TestEnvironment.make(engine)
        let now = env.clock.now()
        try await env.store.write { try await $0.insertTenant(Tenant(name: "acme", trustDomain: "acme.test", createdAt: now)) }
        for index in 1...events {
            var event = AuditEvent(
                tenant: "acme", at: now, actor: "token:tok_\(index)", action: "identity.register", target: "identity:idn-\(index)",
                after: .object(["name": .string("bot-\(index)"), "n": .int(Int64(index))]))
            if index % 4 == 0 { event.details["decision"] = index % 8 == 0 ? "allow" : "deny" }
            if index % 5 == 0 { event.after = .object(["ratio": .number(JSONNumber(Double(index) / 4))]) }
            let stored = event
            try await env.store.write { try await $0.appendAuditEvent(stored) }
            if index % 10 == 0 { _ = try await env.ledger.checkpoint(tenant: "acme", by: env.platformAdmin) }
        }
        return env
    }

    static func verify(_ env: TestEnvironment) async throws -> Result<AuditVerifier.Summary, AuditVerifier.Failure> {
        let results = try await AuditDatabaseVerification.verify(env.store, tenant: "acme", witnessed: [], pinnedKey: nil, pageSize: pageSize)
        return try #require(results.first).outcome
    }

    static func tampered(_ engine: TestDatabases.Engine, _ statements: [String]) async throws -> AuditVerifier.Failure? {
        let env = try await log(engine)
        defer { Task { await env.store.close() } }
        try await env.store.backend.withTransaction { db in
            for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
        }
        if case .failure(let failure) = try await verify(env) { return failure }
        return nil
    }

    @Test("the untouched log verifies across page boundaries, every checkpoint's signature checked", arguments: TestDatabases.engines)
    func intact(engine: TestDatabases.Engine) async throws {
        let env = try await Self.log(engine)
        defer { Task { await env.store.close() } }
        let summary = try await Self.verify(env).get()
        #expect(summary.events == Int64(Self.events) && summary.checkpoints == 3 && summary.signaturesChecked)
    }

    @Test("a changed byte in a stored event is named", arguments: TestDatabases.engines)
    func changedByte(engine: TestDatabases.Engine) async throws {
        for sequence in [12, 15] {
            let found = try await Self.tampered(
                engine, ["UPDATE audit_log SET leaf = replace(leaf, 'idn-\(sequence)\"', 'idn-\(sequence)!') WHERE tenant = 'acme' AND seq = \(sequence)"])
            #expect(found?.sequence == Int64(sequence) && found?.message.contains("altered") == true, "\(String(describing: found))")
        }
    }

    @Test("a dropped row is named, at a page boundary too", arguments: TestDatabases.engines)
    func droppedRow(engine: TestDatabases.Engine) async throws {
        for sequence in [8, 15, 30] {
            let found = try await Self.tampered(engine, ["DELETE FROM audit_log WHERE tenant = 'acme' AND seq = \(sequence)"])
            #expect(found?.sequence == Int64(sequence), "\(String(describing: found))")
        }
    }

    @Test("two rows that swapped their sequence numbers are named", arguments: TestDatabases.engines)
    func reorderedRows(engine: TestDatabases.Engine) async throws {
        let found = try await Self.tampered(
            engine,
            [
                "UPDATE audit_log SET seq = -3 WHERE tenant = 'acme' AND seq = 3", "UPDATE audit_log SET seq = 3 WHERE tenant = 'acme' AND seq = 10",
                "UPDATE audit_log SET seq = 10 WHERE tenant = 'acme' AND seq = -3",
            ])
        #expect(found?.sequence == 3 && found?.message.contains("say it is event 10") == true, "\(String(describing: found))")
    }

    @Test("a forged checkpoint is named", arguments: TestDatabases.engines)
    func forgedCheckpoint(engine: TestDatabases.Engine) async throws {
        let env = try await Self.log(engine)
        defer { Task { await env.store.close() } }
        let stored = try #require(try await env.store.read { try await $0.auditCheckpoints(tenant: "acme") }.first { $0.size == 20 })
        var lines = stored.note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = AuditLeafHash.encode(Array(repeating: 1, count: 32))
        let forged = lines.joined(separator: "\n")
        try await env.store.backend.withTransaction { db in
            try await db.raw("UPDATE audit_checkpoints SET note = \(bind: forged) WHERE tenant = 'acme' AND size = 20").run()
        }
        guard case .failure(let found) = try await Self.verify(env) else {
            Issue.record("a forged checkpoint verified")
            return
        }
        #expect(found.checkpointSize == 20 && found.message.contains("signature does not verify"))
    }

    @Test("a searchable column that differs from its leaf is named, the decision column included", arguments: TestDatabases.engines)
    func changedColumn(engine: TestDatabases.Engine) async throws {
        let cases = [
            ("UPDATE audit_log SET decision = 'allow' WHERE tenant = 'acme' AND seq = 12", 12, "decision"),
            ("UPDATE audit_log SET decision = NULL WHERE tenant = 'acme' AND seq = 16", 16, "decision"),
            ("UPDATE audit_log SET decision = 'deny' WHERE tenant = 'acme' AND seq = 5", 5, "decision"),
            ("UPDATE audit_log SET actor = 'token:mallory' WHERE tenant = 'acme' AND seq = 9", 9, "actor"),
        ]
        for (statement, sequence, column) in cases {
            let found = try await Self.tampered(engine, [statement])
            #expect(found?.sequence == Int64(sequence) && found?.message.contains("stored \(column) differs") == true, "\(String(describing: found))")
        }
    }
}
