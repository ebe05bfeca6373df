import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

/// The posture report read from a store (scope, owner narrowing, refusals) and its renderings: HTML that escapes
/// everything and loads nothing, SARIF's shape, and the diff of two reports.
@Suite struct PostureReportTests {
    static let now = StoreConformance.now
    let admin = Principal(tokenId: "tok_admin", role: .tenantAdmin, tenant: "t1")
    let alice = Principal(tokenId: "tok_alice", role: .owner, tenant: "t1", subject: "alice")

    func seeded(_ engine: TestDatabases.Engine) async throws -> Posture {
        let store = try await TestDatabases.makeStore(engine)
        try await StoreConformance.seed(store)
        try await store.write { session in
            try await session.insertIdentity(StoreConformance.identity("a1"))
            try await session.insertIdentity(StoreConformance.identity("a2"))
            try await session.insertIdentity(StoreConformance.identity("b1", owner: "bob"))
            try await session.insertIdentity(StoreConformance.identity("other", tenant: "t2"))
            _ = try await session.raiseFinding(
                Finding(
                    id: "fnd_b1", tenant: "t1", kind: .reuse, severity: .high, subject: "identity:idn_t1_b1", owner: "bob", summary: "bob's",
                    details: [:], createdAt: Self.now))
        }
        return Posture(store: store, clock: ManualClock(Self.now))
    }

    @Test("tenant, owner and identity scopes narrow identities and findings", arguments: TestDatabases.engines)
    func scopes(engine: TestDatabases.Engine) async throws {
        let posture = try await seeded(engine)
        let tenant = try await posture.report(tenant: "t1", owner: nil, identity: nil, by: admin)
        #expect(tenant.scope == PostureReport.Scope(kind: .tenant))
        #expect(tenant.headline.first { $0.id == "identities" }?.value == 3, "t2's identity is not counted")
        #expect(tenant.findings.items.map(\.id) == ["fnd_b1"])
        let bob = try await posture.report(tenant: "t1", owner: "bob", identity: nil, by: admin)
        #expect(bob.scope == PostureReport.Scope(kind: .owner, value: "bob"))
        #expect(bob.headline.first { $0.id == "identities" }?.value == 1 && bob.findings.unresolved == 1)
        let one = try await posture.report(tenant: "t1", owner: nil, identity: "a2", by: admin)
        #expect(one.scope == PostureReport.Scope(kind: .identity, value: "idn_t1_a2"))
        #expect(one.headline.first { $0.id == "identities" }?.value == 1 && one.findings.unresolved == 0)
    }

    @Test("an owner gets the report of its own identities whatever owner it names, and no one else's identity", arguments: TestDatabases.engines)
    func ownerIsNarrowed(engine: TestDatabases.Engine) async throws {
        let posture = try await seeded(engine)
        let mine = try await posture.report(tenant: "t1", owner: "bob", identity: nil, by: alice)
        #expect(mine.scope == PostureReport.Scope(kind: .owner, value: "alice"))
        #expect(mine.headline.first { $0.id == "identities" }?.value == 2 && mine.findings.unresolved == 0)
        await #expect(throws: LanyardError(.notFound, "")) {
            try await posture.report(tenant: "t1", owner: nil, identity: "idn_t1_b1", by: alice)
        }
        #expect(try await posture.report(tenant: "t1", owner: nil, identity: "a1", by: alice).scope.value == "idn_t1_a1")
    }

    @Test("bad scope values, both scopes, another tenant's caller and a missing tenant are refused", arguments: TestDatabases.engines)
    func refusals(engine: TestDatabases.Engine) async throws {
        let posture = try await seeded(engine)
        await #expect(throws: LanyardError.invalid("owner", "")) {
            try await posture.report(tenant: "t1", owner: String(repeating: "x", count: 257), identity: nil, by: admin)
        }
        await #expect(throws: LanyardError.invalid("identity", "")) {
            try await posture.report(tenant: "t1", owner: "", identity: nil, by: admin)
        }
        await #expect(throws: LanyardError.invalid("identity", "")) {
            try await posture.report(tenant: "t1", owner: "alice", identity: "a1", by: admin)
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            try await posture.report(tenant: "t1", owner: nil, identity: nil, by: Principal(tokenId: "tok_x", role: .tenantAdmin, tenant: "t2"))
        }
        await #expect(throws: LanyardError(.notFound, "")) {
            try await posture.report(tenant: "t1", owner: nil, identity: "idn_nope", by: admin)
        }
    }

    // MARK: Renderings

    static func hostileReport() -> PostureReport {
        var identity = PostureControlTests.identity("<script>alert(1)</script>")
        identity.purpose = "<img src=x onerror=alert(2)>"
        let facts = PostureControlTests.clean { facts in
            facts.facts.identities.append(identity)
            facts.inactiveOwners = ["alice"]
            facts.findings = [
                Finding(
                    id: "fnd_x", tenant: "t1", kind: .humanUse, severity: .high, subject: "identity:\(identity.id)", owner: "\"quoted\" & <owner>",
                    summary: "Identity '<script>alert(1)</script>' was used by a person", details: [:],
                    evidence: [FindingEvidence(seq: 9, action: "authz.evaluation", at: now)], createdAt: now),
                Finding(
                    id: "fnd_low", tenant: "t1", kind: .unusedGrant, severity: .low, subject: "entitlement:ent_1", summary: "unused", details: [:],
                    createdAt: now),
            ]
        }
        return Posture.report(facts)
    }

    @Test("the HTML page escapes every text from the report, and has no script and no external URL")
    func htmlEscapes() {
        let html = PostureHTML.render(Self.hostileReport())
        #expect(!html.contains("<script"), "a name or summary reached the page unescaped")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;quoted&quot; &amp; &lt;owner&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="), "the page loads nothing")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("</html>"))
        #expect(html.contains("LY-ID-01") && html.contains("fnd_x"))
    }

    @Test("escape replaces the five characters that matter and nothing else")
    func escape() {
        #expect(PostureHTML.escape("a<b>&\"c'd é") == "a&lt;b&gt;&amp;&quot;c&#39;d é")
    }

    @Test("SARIF 2.1.0: one run by lanyard-posture, a rule per finding kind and per control, results for findings and failing controls")
    func sarifShape() throws {
        let report = Self.hostileReport()
        let data = try PostureSARIF.encoded(report, toolVersion: "9.9.9")
        let log = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        guard case .object(let root) = log, case .array(let runs) = root["runs"], runs.count == 1, case .object(let run) = runs[0],
            case .object(let tool) = run["tool"], case .object(let driver) = tool["driver"], case .array(let rules) = driver["rules"],
            case .array(let results) = run["results"]
        else {
            Issue.record("not the SARIF shape: \(log)")
            return
        }
        #expect(root["version"] == .string("2.1.0"))
        #expect(driver["name"] == .string("lanyard-posture") && driver["version"] == .string("9.9.9"))
        #expect(rules.count == FindingKind.allCases.count + report.controls.count)
        let ids = rules.compactMap { rule -> String? in
            guard case .object(let rule) = rule, case .string(let id) = rule["id"] else { return nil }
            return id
        }
        #expect(ids.contains("human-use") && ids.contains("control/LY-ID-01"))
        func result(_ rule: String) -> JSONObject? {
            for result in results {
                if case .object(let object) = result, object["ruleId"] == .string(rule) { return object }
            }
            return nil
        }
        let human = try #require(result("human-use"))
        #expect(human["level"] == .string("error"), "high → error")
        #expect(result("unused-grant")?["level"] == .string("note"), "low → note")
        #expect(result("control/LY-ID-01")?["level"] == .string("error"), "a failing control is a result")
        #expect(result("control/LY-OB-04") == nil, "a passing control is not")
        #expect(results.count == report.findings.items.count + report.failing.count)
        guard case .array(let locations) = human["locations"], case .object(let location) = locations.first,
            case .array(let logical) = location["logicalLocations"], case .object(let first) = logical.first
        else {
            Issue.record("no logical location")
            return
        }
        #expect(first["name"] == .string("identity:idn_t1_<script>alert(1)</script>"))
        if case .object(let humanRule) = rules[ids.firstIndex(of: "human-use") ?? 0], case .object(let properties) = humanRule["properties"] {
            #expect(properties["tags"] == .array([.string("NHI10:2025"), .string("ASI09"), .string("PR.AA-03")]))
        } else {
            Issue.record("no rule properties")
        }
    }

    @Test("the diff names headline numbers that moved, controls whose status changed, and findings new and gone")
    func diff() throws {
        let before = Posture.report(PostureControlTests.clean())
        let after = Self.hostileReport()
        let change = PostureDiff(from: before, to: after)
        #expect(change.headline.contains { $0.id == "identities" && $0.before == 1 && $0.after == 2 })
        #expect(change.controls.contains { $0.id == "LY-ID-01" && $0.before == .pass && $0.after == .fail })
        #expect(change.newFindings.map(\.id).sorted() == ["fnd_low", "fnd_x"] && change.goneFindings.isEmpty)
        let back = PostureDiff(from: after, to: before)
        #expect(back.goneFindings.count == 2 && back.newFindings.isEmpty)
        #expect(PostureDiff(from: before, to: before).isEmpty)
        #expect(change.lines.contains { $0.hasPrefix("control LY-ID-01") && $0.hasSuffix("pass → fail") })
        let decoded = try LanyardJSON.decoder().decode(PostureReport.self, from: try LanyardJSON.encoder().encode(after))
        #expect(decoded == after, "a report survives its JSON, so --diff can read an earlier one")
    }
}
