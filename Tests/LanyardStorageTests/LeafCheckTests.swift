import Foundation
@testable import LanyardCore
import LanyardModel
@testable import LanyardStorage
import LanyardTesting
import Logging
import SQLKit
import Testing

/// The running check of the audit leaves reads a pass in pieces (``FindingDetector/readPiece``): a problem past the
/// first piece is found all the same, and a pass stops at ``FindingDetector/leavesCheckedPerPass``.
@Suite("The running leaf check, read in pieces")
struct LeafCheckTests {
    /// A store whose tenant `default` has `count` events in its log.
    static func log(_ engine: TestDatabases.Engine, count: Int) async throws -> TestEnvironment {
        let env = try await TestEnvironment.make(engine)
        try await env.store.write { session in
            for index in 0..<count {
                let event = AuditEvent(
                    tenant: "default", at: Date(timeIntervalSince1970: 1_000), actor: "test", action: "test.event", target: "t", details: ["n": "\(index)"])
                _ = try await session.appendAuditEvent(event)
            }
            // A cycle started just now: a pass that reaches the head stays there instead of starting over.
            let now = Int64(env.clock.now().timeIntervalSince1970)
            try await session.setFindingCursor(tenant: "default", detector: FindingDetector.leafCycleCursor, seq: now)
        }
        return env
    }

    static func detector(_ env: TestEnvironment) -> FindingDetector {
        FindingDetector(store: env.store, audit: env.audit, clock: env.clock, random: SeededRandom(seed: 3), logger: Logger(label: "test"))
    }

    static func run(_ env: TestEnvironment, _ statement: String) async throws {
        try await env.store.backend.withTransaction { db in try await db.raw(SQLQueryString(statement)).run() }
    }

    @Test("a changed leaf and a missing one past the first piece are found; an intact log is quiet", arguments: TestDatabases.engines)
    func problemsPastTheFirstPiece(engine: TestDatabases.Engine) async throws {
        let count = FindingDetector.readPiece * 2 + 500
        let env = try await Self.log(engine, count: count)
        defer { Task { await env.store.close() } }
        let detector = Self.detector(env)
        let intact = try await detector.checkLeaves(tenant: "default")
        #expect(intact.problem == nil)
        let cursor = try await env.store.read { try await $0.findingCursor(tenant: "default", detector: FindingDetector.leafCheckCursor) }
        let head = try await env.store.read { try await $0.auditHead(tenant: "default") }
        #expect(head?.size ?? 0 >= Int64(count) && cursor == head?.size, "every leaf checked in one pass, piece by piece")

        // Start over from the first leaf, with one altered in the second piece and one gone from the third.
        try await env.store.write { try await $0.setFindingCursor(tenant: "default", detector: FindingDetector.leafCheckCursor, seq: 0) }
        let altered = FindingDetector.readPiece + 234
        try await Self.run(env, "UPDATE audit_log SET leaf = replace(leaf, '\"n\":\"', '\"n\":\"9') WHERE tenant = 'default' AND seq = \(altered)")
        #expect(try await detector.checkLeaves(tenant: "default").mismatch == Int64(altered))
        try await Self.run(env, "UPDATE audit_log SET leaf = replace(leaf, '\"n\":\"9', '\"n\":\"') WHERE tenant = 'default' AND seq = \(altered)")
        let missing = FindingDetector.readPiece * 2 + 17
        try await Self.run(env, "DELETE FROM audit_log WHERE tenant = 'default' AND seq = \(missing)")
        let found = try await detector.checkLeaves(tenant: "default")
        #expect(found.gap == Int64(missing) && found.mismatch == nil)
    }

    @Test("a pass checks at most leavesCheckedPerPass leaves and the next goes on from there", arguments: TestDatabases.engines)
    func boundedPass(engine: TestDatabases.Engine) async throws {
        let count = FindingDetector.leavesCheckedPerPass + 300
        let env = try await Self.log(engine, count: count)
        defer { Task { await env.store.close() } }
        let detector = Self.detector(env)
        #expect(try await detector.checkLeaves(tenant: "default").problem == nil)
        let first = try await env.store.read { try await $0.findingCursor(tenant: "default", detector: FindingDetector.leafCheckCursor) }
        #expect(first == Int64(FindingDetector.leavesCheckedPerPass))
        #expect(try await detector.checkLeaves(tenant: "default").problem == nil)
        let second = try await env.store.read { try await $0.findingCursor(tenant: "default", detector: FindingDetector.leafCheckCursor) }
        let head = try await env.store.read { try await $0.auditHead(tenant: "default") }
        #expect(head?.size ?? 0 >= Int64(count) && second == head?.size)
    }
}
