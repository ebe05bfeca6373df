import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

/// Lists answer in pages with an opaque `next` cursor; following the cursors yields every item exactly once, in
/// order, on SQLite and on PostgreSQL, even while items are added between pages.
@Suite("List pages on every engine")
struct PageContractTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }

    /// Follows the cursors from the first page to the last (calling `between` after each page with the number read so
    /// far); returns the pages' items, one array per page.
    static func pages<Item>(
        limit: Int, _ read: (PageRequest) async throws -> Page<Item>, between: (Int) async throws -> Void = { _ in }
    ) async throws -> [[Item]] {
        var pages: [[Item]] = []
        var cursor: String?
        repeat {
            let page = try await read(PageRequest(limit: limit, cursor: cursor))
            pages.append(page.items)
            try await between(pages.count)
            cursor = page.next
        } while cursor != nil && pages.count < 100
        return pages
    }

    @Test("1,203 identities in pages of 500 come each exactly once, by name, while others are registered", arguments: engines)
    func identities(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let names = (0..<1203).map { String(format: "bot-%05d", ($0 * 7919) % 1203) }
        try await env.store.write { session in
            for name in names { try await session.insertIdentity(StoreContractTests.identity(name, tenant: "default")) }
        }
        let pages = try await Self.pages(limit: 500) { page in
            try await env.inventory.page(tenant: "default", filter: IdentityFilter(), page: page, by: env.platformAdmin)
        } between: { count in
            guard count == 1 else { return }
            // Registered after the first page: one sorts before the cursor (not shown), one after (shown once).
            try await env.store.write { session in
                try await session.insertIdentity(StoreContractTests.identity("a-late", tenant: "default"))
                try await session.insertIdentity(StoreContractTests.identity("zz-late", tenant: "default"))
            }
        }
        #expect(pages.map(\.count) == [500, 500, 204])
        #expect(pages.joined().map(\.name) == names.sorted() + ["zz-late"])
    }

    @Test("a cursor that is malformed, tampered or of another list is refused with invalid_cursor", arguments: engines)
    func malformedCursors(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let refused = LanyardError(.invalidCursor, "")
        let foreign = PageCursor.encode(list: "credentials", key: ["bot"])
        let reversed = String(PageCursor.encode(list: "identities", key: ["bot"]).reversed())
        let otherVersion = Data(#"["v0","identities","bot"]"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let tooLong = String(repeating: "A", count: PageCursor.maxLength + 4)
        for cursor in ["", "not a cursor", "!!!!", "e30", foreign, reversed, otherVersion, tooLong, PageCursor.encode(list: "identities", key: [])] {
            await #expect(throws: refused, "\(cursor.prefix(40))") {
                try await env.inventory.page(tenant: "default", filter: IdentityFilter(), page: PageRequest(limit: 10, cursor: cursor), by: env.platformAdmin)
            }
        }
        let notANumber = PageCursor.encode(list: "audit-events", key: ["x"])
        await #expect(throws: refused) {
            try await env.auditTrail.search(tenant: "default", query: AuditQuery(limit: 10), cursor: notANumber, by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.inventory.page(tenant: "default", filter: IdentityFilter(), page: PageRequest(limit: 1001), by: env.platformAdmin)
        }
        // The cursor a page gives out is accepted, and names where the next page starts.
        let cursor = PageCursor.encode(list: "identities", key: ["m"])
        #expect(try PageCursor.decode(cursor, list: "identities", count: 1) == ["m"])
    }

    @Test("credentials page newest first, then by jti, each exactly once across equal issue times", arguments: engines)
    func credentials(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let records = (0..<250).map { index in
            CredentialRecord(
                jti: String(format: "jti-%03d", (index * 37) % 250), tenant: "default", identityId: "idn_1", owner: "alice", scopes: ["read"],
                audience: "api", issuedAt: start.addingTimeInterval(Double(index % 3)), expiresAt: start.addingTimeInterval(600))
        }
        try await env.store.write { session in
            for record in records { try await session.insertCredential(record) }
        }
        let pages = try await Self.pages(limit: 100) { page in
            try await env.credentials.list(tenant: "default", identity: nil, page: page, by: env.platformAdmin)
        }
        let expected = records.sorted { ($0.issuedAt, $1.jti) > ($1.issuedAt, $0.jti) }.map(\.jti)
        #expect(pages.map(\.count) == [100, 100, 50])
        #expect(pages.joined().map(\.jti) == expected)
    }

    @Test("audit events and leaves page by sequence number; after and a cursor combine", arguments: engines)
    func audit(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        try await env.store.write { session in
            for index in 0..<230 {
                try await session.appendAuditEvent(
                    AuditEvent(tenant: "default", at: env.clock.now(), actor: "test", action: "test.event", target: "thing:\(index)"))
            }
        }
        let total = try await env.events().count
        let events = try await Self.pages(limit: 100) { page in
            var query = AuditQuery(limit: page.limit)
            query.action = "test.event"
            return try await env.auditTrail.search(tenant: "default", query: query, cursor: page.cursor, by: env.platformAdmin)
        }
        #expect(events.map(\.count) == [100, 100, 30])
        #expect(events.joined().map(\.target) == (0..<230).map { "thing:\($0)" })
        let leaves = try await Self.pages(limit: 100) { page in
            try await env.ledger.leaves(tenant: "default", after: 0, page: page, by: env.platformAdmin)
        }
        #expect(leaves.joined().map(\.sequence) == (1...Int64(total)).map { $0 })
        let tail = try await env.ledger.leaves(tenant: "default", after: Int64(total - 3), page: PageRequest(limit: 10), by: env.platformAdmin)
        #expect(tail.items.count == 3 && tail.next == nil)
        try await env.store.write { session in
            for size in 1...25 {
                _ = try await session.insertAuditCheckpoint(
                    AuditCheckpointRecord(tenant: "default", size: Int64(size * 9), createdAt: env.clock.now(), note: "n\(size)\n"))
            }
        }
        let checkpoints = try await Self.pages(limit: 10) { page in
            try await env.ledger.checkpoints(tenant: "default", page: page, by: env.platformAdmin)
        }
        #expect(checkpoints.map(\.count) == [10, 10, 5])
        #expect(checkpoints.joined().map(\.size) == (1...25).map { Int64($0 * 9) })
    }

    @Test("policy versions page newest first down to the built-in version 0", arguments: engines)
    func policyVersions(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        for index in 1...4 {
            _ = try await env.decisions.administration.push(
                PushPoliciesRequest(policies: "permit (principal, action, resource) when { \(index) == \(index) };", message: "v\(index)"),
                tenant: "default", by: env.platformAdmin)
        }
        let pages = try await Self.pages(limit: 2) { page in
            try await env.decisions.administration.history(tenant: "default", page: page, by: env.platformAdmin)
        }
        #expect(pages.map { $0.map(\.version) } == [[4, 3], [2, 1], [0]])
        let whole = try await env.decisions.administration.history(tenant: "default", page: PageRequest(limit: 5), by: env.platformAdmin)
        #expect(whole.items.map(\.version) == [4, 3, 2, 1, 0] && whole.next == nil)
    }
}
