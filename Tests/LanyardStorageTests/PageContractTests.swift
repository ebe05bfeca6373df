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
            try await env.credentials.records.list(tenant: "default", identity: nil, page: page, by: env.platformAdmin)
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

    @Test("tenants, templates and owners page by name, each exactly once, while others are added", arguments: engines)
    func namedLists(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let names = (0..<23).map { String(format: "t-%03d", ($0 * 7) % 23) }
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        try await env.store.write { session in
            for name in names {
                try await session.insertTenant(Tenant(name: name, trustDomain: "\(name).test", createdAt: created))
                var template = IdentityTemplate.builtins[0]
                template.name = "x-" + name
                try await session.insertTemplate(template, tenant: "default")
                try await session.setOwnerStatus(
                    tenant: "default", OwnerStatus(owner: "o-" + name, active: false, changedAt: created, changedBy: "test", reason: nil))
            }
        }
        let tenants = try await Self.pages(limit: 10) { page in
            try await env.tenancy.page(page, by: env.platformAdmin)
        } between: { count in
            guard count == 1 else { return }
            // Added after the first page: one sorts before the cursor (not shown), one after (shown once).
            try await env.store.write { session in
                try await session.insertTenant(Tenant(name: "a-late", trustDomain: "a.test", createdAt: created))
                try await session.insertTenant(Tenant(name: "z-late", trustDomain: "z.test", createdAt: created))
            }
        }
        #expect(tenants.map(\.count) == [10, 10, 5])
        #expect(tenants.joined().map(\.name) == (names + ["default"]).sorted() + ["z-late"])

        let templates = try await Self.pages(limit: 7) { page in
            try await env.templates.page(tenant: "default", page: page, by: env.platformAdmin)
        }
        let templateNames = (IdentityTemplate.builtins.map(\.name) + names.map { "x-" + $0 }).sorted()
        #expect(templates.joined().map(\.name) == templateNames)
        #expect(templates.dropLast().allSatisfy { $0.count == 7 } && templates.count == (templateNames.count + 6) / 7)

        let owners = try await Self.pages(limit: 5) { page in
            try await env.decisions.administration.owners(tenant: "default", page: page, by: env.platformAdmin)
        }
        #expect(owners.map(\.count) == [5, 5, 5, 5, 3])
        #expect(owners.joined().map(\.owner) == names.map { "o-" + $0 }.sorted())
    }

    @Test("a tenant administrator's tenant list is its own tenant, with no cursor", arguments: engines)
    func tenantAdministratorSeesItsOwnTenant(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        for name in ["acme", "beta", "zeta"] {
            _ = try await env.tenancy.createTenant(CreateTenantRequest(name: name), by: env.platformAdmin)
        }
        let (_, token) = try await env.tenancy.createTenant(CreateTenantRequest(name: "mid"), by: env.platformAdmin)
        let admin = try await env.tenancy.authenticate(bearer: token)
        let page = try await env.tenancy.page(PageRequest(limit: 1), by: admin)
        #expect(page.items.map(\.name) == ["mid"] && page.next == nil)
        let after = try await env.tenancy.page(PageRequest(limit: 1, cursor: PageCursor.encode(list: "tenants", key: ["mid"])), by: admin)
        #expect(after.items.isEmpty && after.next == nil)
        let all = try await Self.pages(limit: 2) { try await env.tenancy.page($0, by: env.platformAdmin) }
        #expect(all.joined().map(\.name) == ["acme", "beta", "default", "mid", "zeta"])
    }

    @Test("administrator tokens page newest first, then by id, each exactly once across equal creation times", arguments: engines)
    func adminTokens(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let records = (0..<47).map { index in
            AdminTokenRecord(
                id: String(format: "tok_%03d", (index * 13) % 47), tenant: "default", role: .auditor, tokenHash: "hash-\(index)", description: "t",
                createdAt: index < 3 ? nil : start.addingTimeInterval(Double(index % 4)))
        }
        try await env.store.write { session in
            for record in records { try await session.insertAdminToken(record) }
        }
        let pages = try await Self.pages(limit: 20) { page in
            try await env.tenancy.adminTokens(tenant: "default", page: page, by: env.platformAdmin)
        }
        let seconds = { (record: AdminTokenRecord) in record.createdAt?.timeIntervalSince1970 ?? 0 }
        let expected = records.sorted { (seconds($0), $1.id) > (seconds($1), $0.id) }.map(\.id)
        #expect(pages.map(\.count) == [20, 20, 7])
        #expect(pages.joined().map(\.id) == expected)
        // The platform's tokens are another list: the bootstrap token only.
        let platform = try await env.tenancy.adminTokens(tenant: nil, page: PageRequest(limit: 10), by: env.platformAdmin)
        #expect(platform.items.count == 1 && platform.next == nil)
    }

    @Test("the new lists refuse a foreign or malformed cursor and a limit out of bounds", arguments: engines)
    func newListsRefuseForeignCursors(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let refused = LanyardError(.invalidCursor, "")
        let foreign = PageCursor.encode(list: "identities", key: ["bot"])
        let reads: [(PageRequest) async throws -> Void] = [
            { _ = try await env.tenancy.page($0, by: env.platformAdmin) },
            { _ = try await env.tenancy.adminTokens(tenant: "default", page: $0, by: env.platformAdmin) },
            { _ = try await env.tenancy.adminTokens(tenant: nil, page: $0, by: env.platformAdmin) },
            { _ = try await env.templates.page(tenant: "default", page: $0, by: env.platformAdmin) },
            { _ = try await env.decisions.administration.owners(tenant: "default", page: $0, by: env.platformAdmin) },
            { _ = try await env.keys.list(tenant: "default", page: $0, by: env.platformAdmin) },
        ]
        for read in reads {
            for cursor in ["garbage", foreign, PageCursor.encode(list: "admin-tokens", key: ["x"])] {
                await #expect(throws: refused) { try await read(PageRequest(limit: 10, cursor: cursor)) }
            }
            await #expect(throws: LanyardError(.invalidField, "")) { try await read(PageRequest(limit: 1001)) }
            await #expect(throws: LanyardError(.invalidField, "")) { try await read(PageRequest(limit: 0)) }
        }
        let notANumber = PageCursor.encode(list: "admin-tokens", key: ["soon", "tok_1"])
        await #expect(throws: refused) {
            try await env.tenancy.adminTokens(tenant: "default", page: PageRequest(limit: 10, cursor: notANumber), by: env.platformAdmin)
        }
    }

    @Test("signing keys page oldest first, then by kid, each exactly once across rotations", arguments: engines)
    func signingKeys(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        for _ in 0..<3 {
            _ = try await env.keys.rotate(tenant: "default", algorithm: nil, by: env.platformAdmin)
            env.clock.advance(seconds: 1)
        }
        let stored = try await env.store.read { try await $0.signingKeys(tenant: "default") }
        #expect(stored.count >= 8)
        let pages = try await Self.pages(limit: 3) { page in
            try await env.keys.list(tenant: "default", page: page, by: env.platformAdmin)
        }
        #expect(pages.dropLast().allSatisfy { $0.count == 3 } && pages.count == (stored.count + 2) / 3)
        #expect(pages.joined().map(\.kid) == stored.sorted { ($0.createdAt, $0.kid) < ($1.createdAt, $1.kid) }.map(\.kid))
        await #expect(throws: LanyardError(.invalidCursor, "")) {
            try await env.keys.list(
                tenant: "default", page: PageRequest(limit: 3, cursor: PageCursor.encode(list: "signing-keys", key: ["x", "k"])), by: env.platformAdmin)
        }
    }
}
