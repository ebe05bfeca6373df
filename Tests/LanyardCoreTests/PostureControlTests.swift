import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardTesting
import Testing

/// Each posture control over a clean tenant (it passes, or is not applicable where there is nothing to check) and over
/// a tenant changed just enough to make it fail.
@Suite struct PostureControlTests {
    static let now = StoreConformance.now
    static let day: TimeInterval = 86_400

    /// A clean identity: active, registered a week ago, expiring in 60 days, a 15-minute credential an hour ago.
    static func identity(_ name: String = "clean", created daysAgo: Double = 7, expiresIn days: Double = 60) -> Identity {
        var identity = StoreConformance.identity(name, expiresIn: days)
        identity.createdAt = now.addingTimeInterval(-daysAgo * day)
        identity.updatedAt = identity.createdAt
        return identity
    }

    static func trust(_ identity: Identity, conditions: [ClaimCondition] = [ClaimCondition(name: "sub", value: "workload-1")]) -> FederationTrust {
        FederationTrust(
            id: "trs_\(identity.name)", tenant: "t1", identityId: identity.id, issuer: "https://issuer.test", audience: "lanyard", conditions: conditions,
            createdAt: now, createdBy: "admin")
    }

    static func finding(_ kind: FindingKind, about identity: Identity, severity: FindingSeverity? = nil, age: TimeInterval = 3600) -> Finding {
        Finding(
            id: "fnd_\(kind.rawValue)", tenant: "t1", kind: kind, severity: severity ?? kind.defaultSeverity, subject: "identity:\(identity.id)",
            owner: identity.owner, summary: "\(kind.title) of \(identity.name)", details: [:],
            evidence: [FindingEvidence(seq: 7, action: "authz.evaluation", at: now)], createdAt: now.addingTimeInterval(-age))
    }

    /// A tenant that passes every control: one clean identity with a pinned trust, a policy, decisions, a webhook, a
    /// review schedule, a complete audit log and a fresh checkpoint.
    static func clean(_ configure: (inout PostureFacts) -> Void = { _ in }) -> PostureFacts {
        let identity = identity()
        var facts = TenantFacts(tenant: "t1", now: now, identities: [identity])
        facts.templates["agent"] = IdentityTemplate.builtins[1]
        facts.usage[identity.id] = CredentialUsage(
            identity: identity.id, lastIssuedAt: now.addingTimeInterval(-3600), live: 1, longestLiveSeconds: 900, longestLiveJTI: "jti_1")
        facts.trusts = [trust(identity)]
        facts.audit = AuditIntegrity(size: 10, prunedThrough: 2, storedLeaves: 8, lastSequence: 10)
        var posture = PostureFacts(
            facts: facts, latestCheckpoint: AuditCheckpointRecord(tenant: "t1", size: 10, createdAt: now.addingTimeInterval(-600), note: "n"),
            enabledWebhooks: 1, reviewSchedules: 1, policyVersion: 3, decisions: 42)
        configure(&posture)
        return posture
    }

    static func status(_ id: String, _ facts: PostureFacts) throws -> PostureControl {
        let definition = try #require(PostureControls.all.first { $0.id == id }, "no control \(id)")
        return definition.evaluate(facts)
    }

    @Test("the catalogue: stable unique ids, four groups, every mapping in the framework catalogue")
    func catalogue() {
        let ids = PostureControls.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /LY-(ID|AZ|OB|RC)-[0-9]{2}/) != nil })
        #expect(Set(PostureControls.all.map(\.group)) == Set(PostureControl.Group.allCases))
        for control in PostureControls.all {
            #expect(control.frameworks.count == control.mappings.count, "\(control.id) maps to an ID not in the catalogue")
        }
        let frameworks = Set(PostureControls.all.flatMap(\.frameworks).map(\.framework))
        #expect(
            frameworks == [
                FrameworkControl.owaspNHI, FrameworkControl.owaspAgentic, FrameworkControl.nistCSF, FrameworkControl.nist80063,
                FrameworkControl.nist800207, FrameworkControl.nistAIRMF, FrameworkControl.csaMAESTRO,
            ], "every framework R8 names is mapped to")
    }

    @Test("a clean tenant passes every control but the ones with nothing to check")
    func cleanTenantPasses() {
        let report = Posture.report(Self.clean())
        let notApplicable = Set(report.controls.filter { $0.status == .notApplicable }.map(\.id))
        #expect(report.failing.map(\.id) == [], "\(report.failing.map { "\($0.id): \($0.reason)" })")
        #expect(notApplicable == ["LY-AZ-02", "LY-AZ-03", "LY-RC-01"], "no approved request, break-glass or leak in the look-back")
    }

    /// For each control, the change that makes it fail, and the subject it names.
    static let failures: [(id: String, subject: String?, change: @Sendable (inout PostureFacts) -> Void)] = [
        ("LY-ID-01", "identity:idn_t1_clean", { $0.inactiveOwners = ["alice"] }),
        ("LY-ID-02", "identity:idn_t1_clean", { $0.facts.identities[0].expiresAt = now.addingTimeInterval(200 * day) }),
        ("LY-ID-03", "identity:idn_t1_clean", { $0.facts.identities[0].expiresAt = now.addingTimeInterval(3 * day) }),
        ("LY-ID-04", "identity:idn_t1_clean", { $0.facts.usage["idn_t1_clean"]?.longestLiveSeconds = Int64(2 * day) }),
        ("LY-ID-05", "identity:idn_t1_clean", { $0.facts.identities[0].publicKeys = [.object(["kty": .string("OKP")])] }),
        ("LY-ID-06", "trust:trs_clean", { $0.facts.trusts = [trust(identity(), conditions: [ClaimCondition(name: "aud", value: "x")])] }),
        (
            "LY-ID-07", "identity:idn_t1_clean",
            { facts in
                facts.facts.identities[0].createdAt = now.addingTimeInterval(-200 * day)
                facts.facts.usage["idn_t1_clean"]?.lastIssuedAt = now.addingTimeInterval(-40 * day)
            }
        ),
        (
            "LY-AZ-01", "entitlement:ent_1",
            { facts in
                facts.facts.entitlements = [
                    Entitlement(
                        id: "ent_1", tenant: "t1", principal: "Lanyard::Identity::\"idn_t1_clean\"", tier: .dataRead, actions: ["read"],
                        resource: "Lanyard::Dataset::\"crm\"", grantor: "admin", reason: "r", createdAt: now.addingTimeInterval(-60 * day),
                        expiresAt: now.addingTimeInterval(day))
                ]
            }
        ),
        ("LY-AZ-02", "access_request:req_1", { $0.facts.accessRequests = [request("req_1", approvers: ["alice"])] }),
        ("LY-AZ-03", "breakglass:bg_1", { $0.facts.breakGlasses = [breakGlass("bg_1", hoursAgo: 30, review: .pending)] }),
        ("LY-AZ-04", "tenant:t1", { $0.policyVersion = nil }),
        ("LY-AZ-05", "identity:idn_t1_clean", { $0.findings = [finding(.drift, about: identity())] }),
        ("LY-AZ-06", "identity:idn_t1_clean", { $0.findings = [finding(.humanUse, about: identity())] }),
        ("LY-OB-01", "tenant:t1", { $0.facts.audit.storedLeaves = 7 }),
        (
            "LY-OB-02", "tenant:t1",
            { facts in
                facts.latestCheckpoint = AuditCheckpointRecord(tenant: "t1", size: 8, createdAt: now.addingTimeInterval(-2 * day), note: "n")
            }
        ),
        ("LY-OB-03", "tenant:t1", { $0.decisions = 0 }),
        ("LY-OB-04", "tenant:t1", { $0.enabledWebhooks = 0 }),
        ("LY-OB-05", "identity:idn_t1_clean", { $0.findings = [finding(.reuse, about: identity(), age: 2 * day)] }),
        ("LY-RC-01", "leak:lk_1", { $0.facts.leakReports = [leak("lk_1", milliseconds: 120_000)] }),
        ("LY-RC-02", "identity:idn_t1_clean", { $0.facts.identities[0].expiresAt = now.addingTimeInterval(-2 * 3600) }),
        ("LY-RC-03", "tenant:t1", { $0.reviewSchedules = 0 }),
    ]

    @Test("every control has a failing scenario here")
    func everyControlCovered() {
        #expect(Set(Self.failures.map(\.id)) == Set(PostureControls.all.map(\.id)))
    }

    @Test("each control fails on its scenario, names the subject, and says why differently from when it passes")
    func eachControlFails() throws {
        for failure in Self.failures {
            let control = try Self.status(failure.id, Self.clean(failure.change))
            let passing = try Self.status(failure.id, Self.clean())
            #expect(control.status == .fail, "\(failure.id) did not fail: \(control.reason)")
            if let subject = failure.subject { #expect(control.evidence.subjects.contains(subject), "\(failure.id): \(control.evidence.subjects)") }
            #expect(!control.reason.isEmpty && control.reason != passing.reason)
        }
    }

    static func request(_ id: String, approvers: [String]) -> AccessRequest {
        AccessRequest(
            id: id, tenant: "t1", requester: "identity:idn_t1_clean", identity: "idn_t1_clean", identityOwner: "alice", tier: .dataRead,
            actions: ["read"], resource: "Lanyard::Dataset::\"crm\"", duration: 3600, justification: "j", createdAt: now.addingTimeInterval(-3600),
            approvals: approvers.map { AccessDecisionRecord(by: $0, reason: "ok", at: now, policy: nil) }, status: .active, entitlement: "ent_\(id)")
    }

    static func breakGlass(_ id: String, hoursAgo: Double, review: BreakGlassReview) -> BreakGlass {
        let opened = now.addingTimeInterval(-hoursAgo * 3600)
        return BreakGlass(
            id: id, tenant: "t1", entitlement: "ent_bg", identity: "idn_t1_clean", opener: "bob", reason: "outage", incident: "INC-1", openedAt: opened,
            expiresAt: opened.addingTimeInterval(3600), reviewDueAt: opened.addingTimeInterval(86_400), review: review)
    }

    static func leak(_ id: String, milliseconds: Int64) -> LeakReport {
        LeakReport(
            id: id, tenant: "t1", tokenHash: String(repeating: "a", count: 64), door: .api, reportedType: "lanyard_access_token", kind: .accessToken,
            location: nil, source: nil, receivedAt: now.addingTimeInterval(-3600),
            revokedAt: now.addingTimeInterval(-3600 + Double(milliseconds) / 1000), revokeMilliseconds: milliseconds, outcome: .revoked,
            identity: "idn_t1_clean")
    }

    @Test("the controls with nothing to check pass once there is something that holds")
    func notApplicableBecomesPass() throws {
        let facts = Self.clean { facts in
            facts.facts.accessRequests = [Self.request("req_2", approvers: ["alice", "carol"])]
            facts.facts.breakGlasses = [Self.breakGlass("bg_2", hoursAgo: 30, review: .reviewed), Self.breakGlass("bg_3", hoursAgo: 2, review: .pending)]
            facts.facts.leakReports = [Self.leak("lk_2", milliseconds: 800)]
        }
        for id in ["LY-AZ-02", "LY-AZ-03", "LY-RC-01"] {
            #expect(try Self.status(id, facts).status == .pass, "\(id)")
        }
    }

    @Test("an empty scope: identity controls are not applicable, not passing")
    func emptyScope() throws {
        let facts = Self.clean { $0.facts = $0.facts.narrowed(to: []) }
        for id in ["LY-ID-01", "LY-ID-04", "LY-ID-07", "LY-AZ-01", "LY-AZ-04", "LY-OB-03", "LY-RC-03"] {
            #expect(try Self.status(id, facts).status == .notApplicable, "\(id)")
        }
        let report = Posture.report(facts)
        #expect(report.headline.first { $0.id == "identities" }?.value == 0)
        #expect(report.headline.first { $0.id == "ownership-coverage" }?.value == 100)
    }

    @Test("a failing control lists the unresolved findings of its kinds and their audit events as evidence")
    func evidenceFromFindings() throws {
        let drift = Self.finding(.drift, about: Self.identity())
        let control = try Self.status("LY-AZ-05", Self.clean { $0.findings = [drift, Self.finding(.reuse, about: Self.identity())] })
        #expect(control.evidence.findings == [drift.id])
        #expect(control.evidence.auditSequences == [7])
        #expect(control.evidence.numbers["unresolvedFindings"] == 1)
        #expect(control.mappings.map(\.id).contains("NHI5:2025"))
    }

    @Test("a framework control fails when any posture control mapped to it fails")
    func frameworkRollUp() {
        let report = Posture.report(Self.clean { $0.enabledWebhooks = 0 })
        let byID = Dictionary(uniqueKeysWithValues: report.frameworks.map { ($0.control.id, $0) })
        #expect(byID["MANAGE 4.3"]?.status == .fail && byID["MANAGE 4.3"]?.controls.contains("LY-OB-04") == true)
        #expect(byID["NHI4:2025"]?.status == .pass)
        #expect(byID["NHI3:2025"] == nil, "nothing maps to NHI3")
    }

    @Test("headline numbers: ownership coverage, short-lived share, expiring soon, leak time to revoke, pending, break-glass")
    func headline() {
        var gone = Self.identity("gone")
        gone.owner = "bob"
        var keyed = Self.identity("keyed", expiresIn: 3)
        keyed.publicKeys = [.object(["kty": .string("OKP")])]
        let facts = Self.clean { facts in
            facts.facts.identities += [gone, keyed]
            facts.inactiveOwners = ["bob"]
            facts.facts.leakReports = [Self.leak("lk_1", milliseconds: 1000), Self.leak("lk_2", milliseconds: 3000)]
            var pending = Self.request("req_p", approvers: [])
            pending.status = .requested
            pending.entitlement = nil
            pending.expiresAt = Self.now.addingTimeInterval(Self.day)
            facts.facts.accessRequests = [pending]
            facts.facts.breakGlasses = [Self.breakGlass("bg_1", hoursAgo: 2, review: .pending)]
        }
        let numbers = Dictionary(uniqueKeysWithValues: Posture.report(facts).headline.map { ($0.id, $0) })
        #expect(numbers["identities"]?.value == 3)
        #expect(numbers["ownership-coverage"]?.value == 66.7 && numbers["ownership-coverage"]?.numerator == 2)
        #expect(numbers["short-lived-only"]?.numerator == 2 && numbers["short-lived-only"]?.denominator == 3)
        #expect(numbers["expiring-soon"]?.value == 1)
        #expect(numbers["leak-time-to-revoke"]?.value == 2 && numbers["leak-time-to-revoke"]?.denominator == 2)
        #expect(numbers["approvals-pending"]?.value == 1)
        #expect(numbers["break-glass-awaiting-review"]?.value == 1)
        #expect(numbers["audit-log-verified"]?.value == 1)
    }
}
