import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Synchronization
import Testing

/// The group-commit contract of ``LanyardStore/append(_:)`` and ``LanyardStore/writeGrouped(_:)``, on every
/// engine: a failing member fails alone, every other member commits once, and side effects are never repeated.
@Suite("Group commit on every engine")
struct AppenderContractTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }
    static let now = StoreContractTests.now

    static func credential(_ jti: String, tenant: String = "t1") -> CredentialRecord {
        CredentialRecord(
            jti: jti, tenant: tenant, identityId: "idn_\(tenant)_i1", owner: "alice", scopes: ["read"], audience: "api", issuedAt: now,
            expiresAt: now.addingTimeInterval(600))
    }

    static func assertion(_ jti: String, tenant: String = "t1") -> UsedAssertion {
        UsedAssertion(tenant: tenant, clientID: "idn_\(tenant)_i1", jti: jti, expiresAt: now.addingTimeInterval(600))
    }

    static func event(_ target: String, tenant: String = "t1") -> AuditEvent {
        AuditEvent(tenant: tenant, at: now, actor: "test", action: .credentialIssue, target: target, details: [:])
    }

    /// Audit events per target.
    static func eventCounts(_ store: SQLStore, tenant: String = "t1") async throws -> [String: Int] {
        let events = try await store.read { try await $0.auditEvents(tenant: tenant, after: 0, limit: 10_000) }
        return events.reduce(into: [:]) { $0[$1.target, default: 0] += 1 }
    }

    private struct Boom: Error {}

    /// How many times each body ran.
    private final class Runs: Sendable {
        let counts = Mutex([Int: Int]())
    }

    @Test("a failing member fails alone; the others commit once, with one audit event each", arguments: engines)
    func failingMemberFailsAlone(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        // A replay and a taken credential id, set up before the burst.
        try await store.append(DurableAppend(assertion: Self.assertion("used"), credential: Self.credential("first")))
        let runs = Runs()

        enum Outcome: Equatable { case committed, refused, failed }
        let outcomes = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for index in 0..<120 {
                group.addTask {
                    do {
                        switch index % 6 {
                        case 0, 1, 2:
                            // Rows; every twentieth presents the used assertion, every thirtieth reuses the taken id.
                            let assertion = index % 20 == 0 ? Self.assertion("used") : Self.assertion("a\(index)")
                            let credential = index % 30 == 3 ? Self.credential("first") : Self.credential("c\(index)")
                            try await store.append(DurableAppend(assertion: assertion, credential: credential, events: [Self.event("m\(index)")]))
                        default:
                            // A body; every fourth one fails after writing.
                            try await store.writeGrouped { session in
                                runs.counts.withLock { $0[index, default: 0] += 1 }
                                try await session.insertIdentity(StoreContractTests.identity("b\(index)"))
                                try await session.appendAuditEvent(Self.event("m\(index)"))
                                if index % 4 == 3 { throw Boom() }
                            }
                        }
                        return (index, .committed)
                    } catch let error as LanyardError where error.code == .alreadyExists {
                        return (index, .refused)
                    } catch is Boom {
                        return (index, .failed)
                    }
                }
            }
            return try await group.reduce(into: [Int: Outcome]()) { $0[$1.0] = $1.1 }
        }

        let events = try await Self.eventCounts(store)
        let credentials = Set(try await store.read { try await $0.credentials(tenant: "t1", identityId: nil, limit: 1000) }.map(\.jti))
        let identities = Set(try await store.read { try await $0.identities(tenant: "t1", filter: IdentityFilter(limit: 1000)) }.map(\.name))
        for index in 0..<120 {
            let isRows = index % 6 < 3
            let expected: Outcome =
                isRows ? (index % 20 == 0 || index % 30 == 3 ? .refused : .committed) : (index % 4 == 3 ? .failed : .committed)
            #expect(outcomes[index] == expected, "member \(index)")
            #expect(events["m\(index)"] == (expected == .committed ? 1 : nil), "audit events of member \(index)")
            if isRows {
                #expect(credentials.contains("c\(index)") == (expected == .committed), "credential of member \(index)")
            } else {
                #expect(runs.counts.withLock { $0[index] } == 1, "body \(index) ran once")
                #expect(identities.contains("b\(index)") == (expected == .committed), "identity of member \(index)")
            }
        }
        // A member refused for its credential id left no assertion behind: the assertion is still usable.
        try await store.append(DurableAppend(assertion: Self.assertion("a3"), credential: Self.credential("again3")))
        // ... while a committed member's assertion is spent.
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await store.append(DurableAppend(assertion: Self.assertion("a1"), credential: Self.credential("again1")))
        }
    }

    @Test("two members claiming one assertion in flight: exactly one commits", arguments: engines)
    func sameAssertionInFlight(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        let committed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    do {
                        try await store.append(
                            DurableAppend(assertion: Self.assertion("shared"), credential: Self.credential("s\(index)"), events: [Self.event("s\(index)")]))
                        return true
                    } catch let error as LanyardError where error.code == .alreadyExists {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(committed == 1)
        let events = try await Self.eventCounts(store)
        #expect(events.count == 1)
        #expect(try await store.read { try await $0.credentials(tenant: "t1", identityId: nil, limit: 100) }.count == 1)
    }

    @Test("appended events get consecutive sequence numbers per tenant, across batches and tenants", arguments: engines)
    func sequences(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let tenant = index % 2 == 0 ? "t1" : "t2"
                    try await store.append(DurableAppend(events: [Self.event("e\(index)", tenant: tenant), Self.event("f\(index)", tenant: tenant)]))
                }
            }
            try await group.waitForAll()
        }
        for tenant in ["t1", "t2"] {
            let events = try await store.read { try await $0.auditEvents(tenant: tenant, after: 0, limit: 1000) }
            #expect(events.map(\.sequence) == Array(1...200))
            // One member's events stay together and in order.
            for pair in stride(from: 0, to: events.count, by: 2) {
                #expect(events[pair].target.dropFirst() == events[pair + 1].target.dropFirst())
                #expect(events[pair].target.hasPrefix("e") && events[pair + 1].target.hasPrefix("f"))
            }
        }
    }

    @Test("an event with unredacted secrets is refused alone, and nothing of its member is written", arguments: engines)
    func secretsFailClosed(engine: TestDatabases.Engine) async throws {
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        var event = Self.event("secret")
        event.secrets = ["token": "abc"]
        await #expect(throws: LanyardError(.internal, "")) {
            try await store.append(DurableAppend(credential: Self.credential("with-secret"), events: [event]))
        }
        #expect(try await store.read { try await $0.credential(tenant: "t1", jti: "with-secret") } == nil)
        #expect(try await Self.eventCounts(store).isEmpty)
    }

    @Test("after close, appends fail with storage_unavailable and write nothing")
    func closed() async throws {
        let store = try await StoreContractTests.seeded(.sqlite)
        await store.close()
        await #expect(throws: LanyardError(.storageUnavailable, "")) {
            try await store.append(DurableAppend(events: [Self.event("late")]))
        }
    }
}
