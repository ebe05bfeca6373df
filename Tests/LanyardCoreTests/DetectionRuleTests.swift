import Foundation
import LanyardCore
import LanyardModel
import LanyardTesting
import Testing

/// Each detection rule over a tenant's records: a scenario that makes it fire, and a clean one that must not.
@Suite struct DetectionRuleTests {
    static let now = StoreConformance.now
    static let day: TimeInterval = 86_400

    /// A clean identity: active, registered a week ago, expiring in 60 days, a credential an hour ago.
    static func identity(_ name: String = "clean", created daysAgo: Double = 7, expiresIn days: Double = 60) -> Identity {
        var identity = StoreConformance.identity(name, expiresIn: days)
        identity.createdAt = now.addingTimeInterval(-daysAgo * day)
        identity.allowedDestinations = ["tickets.internal"]
        return identity
    }

    static func facts(_ identities: [Identity], configure: (inout TenantFacts) -> Void = { _ in }) -> TenantFacts {
        var facts = TenantFacts(tenant: "t1", now: now, identities: identities)
        facts.templates["agent"] = IdentityTemplate.builtins[1]
        for identity in identities {
            facts.usage[identity.id] = CredentialUsage(
                identity: identity.id, lastIssuedAt: now.addingTimeInterval(-3600), live: 1, longestLiveSeconds: 900, longestLiveJTI: "jti_1")
        }
        facts.audit = AuditIntegrity(size: 10, prunedThrough: 2, storedLeaves: 8, lastSequence: 10)
        configure(&facts)
        return facts
    }

    static let clean = facts([identity()])

    @Test("every rule is quiet on a clean tenant")
    func cleanTenant() {
        for rule in FindingDetector.standardRules {
            #expect(rule.detect(Self.clean).isEmpty, "\(rule.kind) fired on a clean identity")
        }
    }

    @Test("expiring-undecided: an active identity expiring within 7 days; not one expiring later, graduated or suspended")
    func expiringUndecided() {
        let soon = Self.identity("soon", expiresIn: 3)
        var graduated = Self.identity("graduated", expiresIn: 3)
        graduated.graduatedTo = "idn_next"
        var suspended = Self.identity("suspended", expiresIn: 3)
        suspended.status = .suspended
        let found = ExpiringUndecidedRule().detect(Self.facts([soon, graduated, suspended, Self.identity()]))
        #expect(found.map(\.subject) == ["identity:\(soon.id)"])
        #expect(found.first?.severity == .medium && found.first?.owner == "alice")
    }

    @Test("unused-identity: 30 days without a credential is medium, 90 high, never issued counts from registration")
    func unusedIdentity() {
        let idle = Self.identity("idle", created: 200)
        let idler = Self.identity("idler", created: 200)
        let never = Self.identity("never", created: 45)
        let young = Self.identity("young", created: 10)
        let facts = Self.facts([idle, idler, never, young]) { facts in
            facts.usage[idle.id]?.lastIssuedAt = Self.now.addingTimeInterval(-40 * Self.day)
            facts.usage[idler.id]?.lastIssuedAt = Self.now.addingTimeInterval(-100 * Self.day)
            facts.usage[never.id] = nil
            facts.usage[young.id] = nil
        }
        let found = Dictionary(uniqueKeysWithValues: UnusedIdentityRule().detect(facts).map { ($0.identity ?? "", $0) })
        #expect(found[idle.id]?.severity == .medium && found[idle.id]?.details["idleDays"] == "40")
        #expect(found[idler.id]?.severity == .high)
        #expect(found[never.id]?.severity == .medium && found[never.id]?.details["lastIssuedAt"] == nil)
        #expect(found[young.id] == nil, "registered 10 days ago, never issued: not yet")
    }

    @Test("unused-grant: an entitlement unused for 30 days and template scopes never issued; not a used or young grant")
    func unusedGrant() {
        let old = Self.identity("old", created: 60)
        func entitlement(_ id: String, created days: Double, used: Double?) -> Entitlement {
            Entitlement(
                id: id, tenant: "t1", principal: "Lanyard::Identity::\"\(old.id)\"", tier: .dataRead, actions: ["read"], resource: "Lanyard::Dataset::\"crm\"",
                grantor: "admin", reason: "r", createdAt: Self.now.addingTimeInterval(-days * Self.day), expiresAt: Self.now.addingTimeInterval(Self.day),
                lastUsedAt: used.map { Self.now.addingTimeInterval(-$0 * Self.day) })
        }
        let facts = Self.facts([old]) { facts in
            facts.entitlements = [
                entitlement("ent_stale", created: 40, used: nil), entitlement("ent_used", created: 40, used: 2),
                entitlement("ent_young", created: 5, used: nil),
            ]
            facts.recentScopes[old.id] = ["tokens:read"]
            facts.templates["agent"]?.allowedScopes = ["tokens:read", "tokens:write"]
        }
        let found = UnusedGrantRule().detect(facts)
        #expect(found.map(\.subject).sorted() == ["entitlement:ent_stale", "identity:\(old.id)"])
        #expect(found.first { $0.subject.hasPrefix("entitlement") }?.identity == old.id)
        #expect(found.first { $0.subject.hasPrefix("identity") }?.details["unusedScopes"] == "tokens:write")
        var allUsed = facts
        allUsed.recentScopes[old.id] = ["tokens:read", "tokens:write"]
        allUsed.entitlements = []
        #expect(UnusedGrantRule().detect(allUsed).isEmpty)
    }

    @Test("long-lived: a live credential above the policy and a client key older than 90 days; not a short one")
    func longLived() {
        let long = Self.identity("long")
        var keyed = Self.identity("keyed", created: 120)
        keyed.publicKeys = [.object(["kty": .string("OKP")])]
        var freshKey = Self.identity("fresh", created: 10)
        freshKey.publicKeys = [.object(["kty": .string("OKP")])]
        let facts = Self.facts([long, keyed, freshKey]) { facts in
            facts.usage[long.id]?.longestLiveSeconds = 3 * 86_400
            facts.usage[long.id]?.longestLiveJTI = "jti_long"
        }
        let found = Dictionary(uniqueKeysWithValues: LongLivedRule().detect(facts).map { ($0.identity ?? "", $0) })
        #expect(found[long.id]?.details["credential"] == "jti_long")
        #expect(found[keyed.id]?.details["keyAgeDays"] == "120")
        #expect(found[freshKey.id] == nil)
    }

    static func trust(_ id: String, identity: Identity, issuer: String = "https://token.actions.githubusercontent.com", _ conditions: [String: String])
        -> FederationTrust
    {
        FederationTrust(
            id: id, tenant: "t1", identityId: identity.id, issuer: issuer, audience: "lanyard",
            conditions: conditions.sorted { $0.key < $1.key }.map { ClaimCondition(name: $0.key, value: $0.value) }, createdAt: now, createdBy: "admin")
    }

    @Test("weak-auth: client keys next to a federation trust; not keys alone, not a trust alone")
    func weakAuthentication() {
        var both = Self.identity("both")
        both.publicKeys = [.object(["kty": .string("OKP")])]
        var keysOnly = Self.identity("keys")
        keysOnly.publicKeys = [.object(["kty": .string("OKP")])]
        let trustOnly = Self.identity("trust")
        let facts = Self.facts([both, keysOnly, trustOnly]) { facts in
            facts.trusts = [
                Self.trust("trs_1", identity: both, ["repository": "acme/app", "ref": "refs/heads/main"]),
                Self.trust("trs_2", identity: trustOnly, ["repository": "acme/app", "ref": "refs/heads/main"]),
            ]
        }
        #expect(WeakAuthenticationRule().detect(facts).map(\.identity) == [both.id])
    }

    @Test("loose-trust: no subject pin is critical, a wildcard or an unpinned CI branch is medium; a pinned trust is quiet")
    func looseTrust() {
        let identity = Self.identity()
        let facts = Self.facts([identity]) { facts in
            facts.trusts = [
                Self.trust("trs_open", identity: identity, ["ref": "refs/heads/main"]),
                Self.trust("trs_wild", identity: identity, ["repository": "acme/*", "ref": "refs/heads/main"]),
                Self.trust("trs_branch", identity: identity, ["repository": "acme/app"]),
                Self.trust("trs_pinned", identity: identity, ["repository": "acme/app", "ref": "refs/heads/main"]),
                Self.trust("trs_sub", identity: identity, ["sub": "repo:acme/app:ref:refs/heads/main"]),
                Self.trust("trs_k8s", identity: identity, issuer: "https://oidc.eks.example", ["sub": "system:serviceaccount:ns:app"]),
            ]
        }
        let found = Dictionary(uniqueKeysWithValues: LooseTrustRule().detect(facts).map { ($0.subject, $0) })
        #expect(Set(found.keys) == ["trust:trs_open", "trust:trs_wild", "trust:trs_branch"])
        #expect(found["trust:trs_open"]?.severity == .critical)
        #expect(found["trust:trs_wild"]?.severity == .medium && found["trust:trs_branch"]?.severity == .medium)
    }

    static func leak(_ id: String, identity: Identity, milliseconds: Int64?, outcome: LeakOutcome = .revoked, hoursAgo: Double = 1) -> LeakReport {
        LeakReport(
            id: id, tenant: "t1", tokenHash: String(repeating: "a", count: 64), door: .api, reportedType: "lanyard_access_token",
            kind: .accessToken, location: nil, source: nil, receivedAt: now.addingTimeInterval(-hoursAgo * 3600),
            revokedAt: milliseconds.map { now.addingTimeInterval(-hoursAgo * 3600 + Double($0) / 1000) }, revokeMilliseconds: milliseconds,
            outcome: outcome, identity: identity.id)
    }

    @Test("leak-open: revoked after more than a minute, or compromised for over a day; not a leak revoked in 40 ms")
    func leakOpen() {
        let slow = Self.identity("slow")
        var stuck = Self.identity("stuck")
        stuck.status = .compromised
        let quick = Self.identity("quick")
        let facts = Self.facts([slow, stuck, quick]) { facts in
            facts.leakReports = [
                Self.leak("lk_slow", identity: slow, milliseconds: 95_000), Self.leak("lk_stuck", identity: stuck, milliseconds: 30, hoursAgo: 30),
                Self.leak("lk_quick", identity: quick, milliseconds: 40),
            ]
        }
        #expect(LeakOpenRule().detect(facts).map(\.subject).sorted() == ["leak:lk_slow", "leak:lk_stuck"])
    }

    @Test("separation-of-duties: granted on the owner's approval alone, break-glass unreviewed after 24 h; not an independent approval")
    func separationOfDuties() {
        let identity = Self.identity()
        func request(_ id: String, approvers: [String], policy: String? = nil) -> AccessRequest {
            AccessRequest(
                id: id, tenant: "t1", requester: "identity:\(identity.id)", identity: identity.id, identityOwner: "alice", tier: .dataRead,
                actions: ["read"], resource: "Lanyard::Dataset::\"crm\"", duration: 3600, justification: "j", createdAt: Self.now.addingTimeInterval(-3600),
                approvals: approvers.map { AccessDecisionRecord(by: $0, reason: "ok", at: Self.now, policy: policy) }, status: .active, entitlement: "ent_\(id)"
            )
        }
        func breakGlass(_ id: String, hoursAgo: Double, review: BreakGlassReview) -> BreakGlass {
            let opened = Self.now.addingTimeInterval(-hoursAgo * 3600)
            return BreakGlass(
                id: id, tenant: "t1", entitlement: "ent_bg", identity: identity.id, opener: "bob", reason: "outage", incident: "INC-1", openedAt: opened,
                expiresAt: opened.addingTimeInterval(3600), reviewDueAt: opened.addingTimeInterval(86_400), review: review)
        }
        let facts = Self.facts([identity]) { facts in
            facts.accessRequests = [
                request("req_owner", approvers: ["alice"]), request("req_two", approvers: ["alice", "carol"]), request("req_other", approvers: ["carol"]),
                request("req_policy", approvers: ["policy:auto"], policy: "auto"),
            ]
            facts.breakGlasses = [
                breakGlass("brk_late", hoursAgo: 30, review: .overdue), breakGlass("brk_fresh", hoursAgo: 2, review: .pending),
                breakGlass("brk_done", hoursAgo: 30, review: .reviewed),
            ]
        }
        #expect(SeparationOfDutiesRule().detect(facts).map(\.subject).sorted() == ["access_request:req_owner", "breakglass:brk_late"])
    }

    @Test("audit-gap: a missing leaf, a leaf past the head or a leaf that does not hash; a whole log is quiet")
    func auditGap() {
        var missing = Self.clean
        missing.audit.storedLeaves = 7
        #expect(AuditGapRule().detect(missing).map(\.subject) == ["tenant:t1"])
        var beyond = Self.clean
        beyond.audit.lastSequence = 11
        #expect(AuditGapRule().detect(beyond).first?.severity == .critical)
        var tampered = Self.clean
        tampered.auditMismatch = 5
        #expect(AuditGapRule().detect(tampered).first?.details["mismatch"] == "5")
    }

    @Test("every kind maps to framework controls by their exact IDs and titles")
    func mappings() {
        for kind in FindingKind.allCases {
            #expect(!kind.frameworks.isEmpty, "\(kind) maps to nothing")
            #expect(kind.frameworks.contains { $0.framework == FrameworkControl.nistCSF }, "\(kind) has no PR.AA control")
        }
        #expect(FindingKind.drift.frameworks.map(\.id) == ["NHI5:2025", "NHI8:2025", "ASI01", "ASI02", "PR.AA-05"])
        #expect(FrameworkControl.catalogue["NHI10:2025"]?.title == "Human Use of NHI")
        #expect(FrameworkControl.catalogue["ASI06"]?.title == "Memory & Context Poisoning")
    }
}
