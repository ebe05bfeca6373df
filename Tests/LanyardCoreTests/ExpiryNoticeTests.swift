import Foundation
import LanyardAPI
@testable import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@Suite("Expiry notices: owners told N days before expiry, once per lead and expiry")
struct ExpiryNoticeTests {
    static let day: TimeInterval = 86_400

    /// A notice job; two at once (two nodes) need two seeds, or their `msg_…` ids collide.
    func job(_ env: TestEnvironment, batchSize: Int = 100, seed: UInt64 = 7) -> ExpiryNotices {
        ExpiryNotices(
            store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"), batchSize: batchSize,
            random: SeededRandom(seed: seed))
    }

    func register(_ env: TestEnvironment, _ name: String = "bot", expiresIn: String, template: String? = nil, backupOwner: String? = nil)
        async throws -> Identity
    {
        try await env.inventory.register(
            RegisterIdentityRequest(
                name: name, kind: "agent", owner: "alice", backupOwner: backupOwner, purpose: "testing", template: template, expiresIn: expiresIn),
            tenant: "default", by: env.platformAdmin)
    }

    /// Adds a catch-all webhook endpoint to `default`.
    func listen(_ env: TestEnvironment) async throws {
        let admin = WebhookAdministration(
            store: env.store, audit: env.audit, clock: env.clock, random: SeededRandom(seed: 8), kek: env.kek,
            urls: WebhookURLPolicy(allowLoopbackHTTP: true))
        _ = try await admin.add(url: "https://hooks.example/a", eventTypes: ["identity.expiring"], description: nil, tenant: "default", by: env.platformAdmin)
    }

    func expiring(_ env: TestEnvironment) async throws -> [WebhookDelivery] {
        try await env.store.read { try await $0.webhookDeliveries(tenant: "default", endpointID: nil, status: nil, limit: 1000) }
            .filter { $0.eventType == "identity.expiring" }
    }

    func leads(_ env: TestEnvironment, _ identity: Identity) async throws -> [String] {
        try await env.store.read { try await $0.expiryNotices(tenant: "default", identityID: identity.id) }.map(\.lead.description)
    }

    @Test("a template's leads: default 7d and 1d within maxTTL, longest first; bad leads are refused and create nothing")
    func templateLeads() async throws {
        let env = try await TestEnvironment.make()
        func create(_ name: String, maxTTL: String = "30d", _ leads: [String]?) async throws -> IdentityTemplate {
            try await env.templates.create(
                CreateTemplateRequest(name: name, defaultTTL: "1h", maxTTL: maxTTL, expiryNotices: leads), tenant: "default", by: env.platformAdmin)
        }
        #expect(try await create("plain", nil).expiryNotices == [.days(7), .days(1)])
        #expect(try await create("short-lived", maxTTL: "2d", nil).expiryNotices == [.days(1)], "the default, within maxTTL")
        #expect(try await create("none", []).expiryNotices.isEmpty)
        #expect(try await create("mine", ["1d", "3d", "12h"]).expiryNotices.map(\.description) == ["3d", "1d", "12h"])
        #expect(try await env.templates.find("mine", tenant: "default", by: env.platformAdmin).expiryNotices.count == 3, "stored")
        let refused: [(String, [String])] = [
            ("too-many", ["1d", "2d", "3d", "4d", "5d", "6d"]), ("too-long", ["31d"]), ("twice", ["1d", "24h"]), ("not-a-span", ["soon"]),
            ("zero", ["0s"]),
        ]
        for (name, leads) in refused {
            await #expect("\(name)") { try await create(name, leads) } throws: { error in
                (error as? LanyardError).map { $0.code == .invalidField && $0.field == "expiryNotices" } == true
            }
            await #expect(throws: LanyardError(.notFound, ""), "\(name) was not created") {
                try await env.templates.find(name, tenant: "default", by: env.platformAdmin)
            }
        }
        #expect(try await create("exactly-max", maxTTL: "5d", ["5d"]).expiryNotices == [.days(5)], "a lead may equal maxTTL")
    }

    @Test("a template stored before leads existed reads with the default")
    func oldTemplateRows() throws {
        let old =
            #"{"name":"legacy","description":"","defaultTTL":"1d","maxTTL":"3d","environments":["dev"],"maxDataClass":"internal","#
            + #""stage":"prototype","allowedScopes":[],"approvalScopes":[],"builtin":false}"#
        let template = try LanyardJSON.decoder().decode(IdentityTemplate.self, from: Data(old.utf8))
        #expect(template.expiryNotices == [.days(1)], "7d is longer than its maxTTL")
        let encoded = try #require(String(data: try LanyardJSON.encoder().encode(template), encoding: .utf8))
        #expect(encoded.contains(#""expiryNotices":["1d"]"#))
        #expect(IdentityTemplate.builtins.allSatisfy { $0.expiryNotices == [.days(7), .days(1)] })
    }

    @Test("bands: per group of templates with the same leads, one per lead, shortest first, adjoining")
    func bands() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var short = IdentityTemplate.builtins[1]
        short.name = "short"
        let twoHours = try #require(TimeSpan(seconds: 7200))
        short.expiryNotices = [twoHours, .days(3)]
        var silent = IdentityTemplate.builtins[1]
        silent.name = "silent"
        silent.expiryNotices = []
        let bands = ExpiryNotices.Band.all(for: IdentityTemplate.builtins + [short, silent], at: now)
        let builtinNames = IdentityTemplate.builtins.map(\.name).sorted()
        func at(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }
        #expect(
            bands == [
                .init(templates: builtinNames, lead: .days(1), expiringAfter: now, atOrBefore: at(Self.day)),
                .init(templates: builtinNames, lead: .days(7), expiringAfter: at(Self.day), atOrBefore: at(7 * Self.day)),
                .init(templates: ["short"], lead: twoHours, expiringAfter: now, atOrBefore: at(7200)),
                .init(templates: ["short"], lead: .days(3), expiringAfter: at(7200), atOrBefore: at(3 * Self.day)),
            ])
    }

    @Test("a lead falls due once: one signed-up webhook and one audit event, nothing before it and nothing twice")
    func oncePerLead() async throws {
        let env = try await TestEnvironment.make()
        try await listen(env)
        let identity = try await register(env, expiresIn: "10d", backupOwner: "bob")
        let job = job(env)
        #expect(try await job.notify() == 0, "10 days out: no lead due")
        env.clock.advance(seconds: 3 * Self.day - 1)
        #expect(try await job.notify() == 0, "one second before the 7-day lead")
        env.clock.advance(seconds: 1)
        #expect(try await job.notify() == 1, "exactly 7 days before")
        #expect(try await job.notify() == 0, "sent once")
        env.clock.advance(seconds: 3 * Self.day)
        #expect(try await job.notify() == 0, "4 days before: nothing new")
        #expect(try await leads(env, identity) == ["7d"])

        let delivery = try #require(try await expiring(env).first)
        guard case .object(let body) = try JSONValue.parse(utf8: delivery.payload), case .object(let data)? = body["data"],
            case .object(let snapshot)? = data["identity"]
        else {
            Issue.record("payload has no data.identity")
            return
        }
        #expect(body["type"] == .string("identity.expiring"))
        #expect(snapshot["id"] == .string(identity.id) && snapshot["status"] == .string("active"))
        #expect(data["expiresAt"] == .string(RFC3339Seconds.format(Int64(identity.expiresAt.timeIntervalSince1970))))
        #expect(data["expiresAt"] == snapshot["expiresAt"], "the same time form as the identity's")
        #expect(data["lead"] == .string("7d") && data["owner"] == .string("alice") && data["backupOwner"] == .string("bob"))

        let events = try await env.events().filter { $0.action == "identity.expiry_notice" }
        #expect(events.count == 1)
        #expect(events.first?.actor == ExpiryNotices.actor && events.first?.target == "identity:\(identity.id)")
        #expect(events.first?.details["lead"] == "7d" && events.first?.details["owner"] == "alice" && events.first?.details["backupOwner"] == "bob")

        env.clock.advance(seconds: 3 * Self.day)
        #expect(try await job.notify() == 1, "1 day before")
        #expect(try await leads(env, identity) == ["7d", "1d"], "longest lead first")
        env.clock.advance(seconds: Self.day)
        #expect(try await job.notify() == 0, "expired: no notice")
        #expect(try await expiring(env).count == 2)
        #expect(try await env.events().filter { $0.action == "identity.expiry_notice" }.count == 2)
    }

    @Test("when several leads are due at once only the shortest is sent, and the longer never follows")
    func shortestOnly() async throws {
        let env = try await TestEnvironment.make()
        try await listen(env)
        let identity = try await register(env, expiresIn: "12h")
        let job = job(env)
        #expect(try await job.notify() == 1)
        #expect(try await leads(env, identity) == ["1d"], "both 7d and 1d are due: 1d only")
        env.clock.advance(seconds: 3600)
        #expect(try await job.notify() == 0)
        let twoDays = try await register(env, "later", expiresIn: "2d")
        #expect(try await job.notify() == 1, "2 days out: the 7-day lead only")
        #expect(try await leads(env, twoDays) == ["7d"])
        #expect(try await expiring(env).count == 2)
    }

    @Test("an extension makes new notices due; suspended identities and templates without leads get none")
    func extensionAndExclusions() async throws {
        let env = try await TestEnvironment.make()
        try await listen(env)
        let identity = try await register(env, expiresIn: "5d")
        let job = job(env)
        #expect(try await job.notify() == 1)
        env.clock.advance(seconds: 4 * Self.day + 1)
        #expect(try await job.notify() == 1, "the 1-day lead")
        _ = try await env.inventory.extend(identity.id, by: "20d", tenant: "default", by: env.platformAdmin)
        #expect(try await job.notify() == 0, "about 21 days out now")
        env.clock.advance(seconds: 14 * Self.day)
        #expect(try await job.notify() == 1, "the new expiry's 7-day lead")
        #expect(try await leads(env, identity) == ["7d", "7d", "1d"], "the new expiry's first, then the old one's")

        let suspended = try await register(env, "paused", expiresIn: "3d")
        _ = try await env.inventory.suspend(suspended.id, reason: "investigating", tenant: "default", by: env.platformAdmin)
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "quiet", defaultTTL: "3d", maxTTL: "30d", allowedScopes: ["read"], expiryNotices: []), tenant: "default",
            by: env.platformAdmin)
        let quiet = try await register(env, "quiet-bot", expiresIn: "2d", template: "quiet")
        #expect(try await job.notify() == 0)
        #expect(try await leads(env, suspended).isEmpty)
        #expect(try await leads(env, quiet).isEmpty)
    }

    @Test("a template's own leads: hours are fine, and the tenant's other templates keep theirs")
    func customLeads() async throws {
        let env = try await TestEnvironment.make()
        try await listen(env)
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "ephemeral", defaultTTL: "6h", maxTTL: "1d", allowedScopes: ["read"], expiryNotices: ["2h", "30m"]),
            tenant: "default", by: env.platformAdmin)
        let identity = try await register(env, expiresIn: "6h", template: "ephemeral")
        let job = job(env)
        #expect(try await job.notify() == 0)
        env.clock.advance(seconds: 4 * 3600)
        #expect(try await job.notify() == 1)
        env.clock.advance(seconds: 5400)
        #expect(try await job.notify() == 1)
        #expect(try await leads(env, identity) == ["2h", "30m"])
    }

    @Test("two passes at once, on every engine, send each notice once", arguments: TestDatabases.engines)
    func concurrentPasses(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        try await listen(env)
        for index in 0..<12 { _ = try await register(env, "bot-\(index)", expiresIn: "3d") }
        let first = job(env, batchSize: 5)
        let second = job(env, batchSize: 5, seed: 9)
        async let a = first.notify()
        async let b = second.notify()
        // On PostgreSQL a pass skips the rows the other holds, so one more pass may find some left: none is lost.
        let concurrent = try await a + b
        let rest = try await first.notify()
        #expect(concurrent + rest == 12, "each notice once")
        #expect(try await first.notify() + second.notify() == 0)
        #expect(try await expiring(env).count == 12)
        #expect(try await env.events().filter { $0.action == "identity.expiry_notice" }.count == 12)
        await env.store.close()
    }
}
