import Foundation
import LanyardAPI
import LanyardConsoleViews
import LanyardModel

/// Sample values for the page tests: a fixed clock, a chrome, and `count` rows of every kind.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let csrf = "csrf-token-Zq8_test"
    static let xssName = "<script>alert(1)</script>"
    static let xssPurpose = "\"><img src=x onerror=alert(1)>"

    static func chrome(canAdminister: Bool = true, notice: String? = "Identity extended.") -> ConsoleChrome {
        ConsoleChrome(
            tenant: "acme", basePath: "/t/acme/console", userName: "Alice Analyst", userEmail: "alice@example.com", role: "security-reviewer",
            csrfToken: csrf, canAdminister: canAdminister, notice: notice)
    }

    static func identity(_ index: Int, name: String? = nil, purpose: String? = nil) -> Identity {
        let kinds = IdentityKind.allCases
        let environments = DeploymentEnvironment.allCases
        return Identity(
            id: "idn_\(String(format: "%06d", index))", tenant: "acme", name: name ?? "support-bot-\(index)", kind: kinds[index % kinds.count],
            owner: "owner\(index % 7)", backupOwner: index.isMultiple(of: 2) ? "team-platform" : nil,
            purpose: purpose ?? "triage tickets for queue \(index)", environment: environments[index % environments.count], dataClass: .internal,
            stage: index.isMultiple(of: 3) ? .prototype : .managed, status: index.isMultiple(of: 5) ? .suspended : .active, template: "agent-default",
            spiffeId: "spiffe://acme.example/agent/support-bot-\(index)", allowedDestinations: ["https://crm.example", "https://tickets.example"],
            publicKeys: [], offboardingTrigger: .expiry, offboardReason: nil, createdAt: now.addingTimeInterval(-86_400 * 30),
            updatedAt: now.addingTimeInterval(-3600), expiresAt: now.addingTimeInterval(Double(index) * 86_400 / 3), createdBy: "user:alice")
    }

    static func identities(_ count: Int) -> [Identity] { (0..<count).map { identity($0) } }

    static func event(_ seq: Int64, action: String = "identity.extend", decision: String? = nil) -> AuditEvent {
        var details = ["reason": "still in use", "request": "rq-\(seq)"]
        if let decision { details["decision"] = decision }
        return AuditEvent(
            sequence: seq, tenant: "acme", at: now.addingTimeInterval(Double(-seq) * 60), actor: "user:alice", action: action,
            target: "identity:idn_000001", details: details)
    }

    static func events(_ count: Int, action: String = "identity.extend", decision: String? = nil) -> [AuditEvent] {
        (1...max(1, count)).prefix(count).map { event(Int64($0), action: action, decision: decision) }
    }

    static func credential(_ index: Int) -> CredentialRecord {
        CredentialRecord(
            jti: "tok_\(index)", tenant: "acme", identityId: "idn_000001", owner: "owner1", scopes: ["build", "read"],
            audience: "https://lanyard.example", issuedAt: now.addingTimeInterval(-600), expiresAt: now.addingTimeInterval(300),
            revokedAt: index.isMultiple(of: 4) ? now.addingTimeInterval(-60) : nil, revokeReason: index.isMultiple(of: 4) ? "leak reported" : nil)
    }

    static func grant(_ index: Int) -> Entitlement {
        Entitlement(
            id: "ent_\(index)", tenant: "acme", principal: "Lanyard::Identity::\"idn_000001\"", tier: .dataRead, actions: ["read"],
            resource: "Dataset::\"crm\"", grantor: "user:bob", reason: "quarterly report", createdAt: now.addingTimeInterval(-3600),
            expiresAt: now.addingTimeInterval(3600), breakGlass: index == 0)
    }

    static func finding(_ index: Int) -> Finding {
        let kinds = FindingKind.allCases
        let kind = kinds[index % kinds.count]
        return Finding(
            id: "fnd_\(index)", tenant: "acme", kind: kind, severity: kind.defaultSeverity, subject: "identity:idn_\(String(format: "%06d", index))",
            owner: "owner1", summary: "Something about identity \(index) needs a look.", details: [:],
            evidence: [FindingEvidence(seq: Int64(index + 1), action: "authz.evaluation", at: now)], createdAt: now.addingTimeInterval(-7200))
    }

    static func request(_ index: Int) -> AccessRequest {
        AccessRequest(
            id: "req_\(index)", tenant: "acme", requester: "user:carol", identity: "idn_000001", identityOwner: "owner1", tier: .deploy,
            actions: ["deploy"], resource: "Service::\"billing\"", duration: 3600, justification: "Ship the fix for incident INC-\(index)",
            createdAt: now.addingTimeInterval(-600), requiredApprovals: 2)
    }

    static func trust(_ index: Int) -> FederationTrust {
        FederationTrust(
            id: "trs_\(index)", tenant: "acme", identityId: "idn_000001", issuer: "https://token.actions.githubusercontent.com",
            audience: "lanyard", conditions: index == 0 ? [] : [ClaimCondition(name: "repository", value: "acme/app")], createdAt: now,
            createdBy: "admin:alice")
    }

    static func task(_ index: Int) -> WorkloadTask {
        WorkloadTask(
            id: "tsk_\(index)", tenant: "acme", identity: "idn_000001", intent: "nightly load \(index)", openedAt: now.addingTimeInterval(-60),
            expiresAt: now.addingTimeInterval(600))
    }

    static let allActions = ["extend", "transfer", "suspend", "resume", "offboard", "graduate", "revoke-credentials"]

    static func overview(expiring: Int = 5) -> OverviewView {
        OverviewView(
            identitiesTotal: 10_412, identitiesWithActiveOwner: 10_230, expiringSoon: Array(identities(expiring)),
            findingsBySeverity: [("critical", 2), ("high", 11), ("medium", 40), ("low", 7)],
            findingsByOWASP: [("NHI1:2025", 12), ("NHI2:2025", 2), ("NHI5:2025", 30), ("NHI7:2025", 9), ("NHI10:2025", 0)], pendingApprovals: 4,
            breakGlassAwaitingReview: 1, leakMedianTimeToRevoke: 41.6, auditVerified: true, auditSize: 1_004_994, now: now)
    }

    static func inventory(rows: Int, filters: InventoryFilters = InventoryFilters(), next: String? = "eyJ2MSJ9") -> InventoryView {
        InventoryView(rows: identities(rows), filters: filters, sort: .expires, descending: false, nextCursor: next, total: 10_412, now: now)
    }

    static func identityView(rows: Int, identity: Identity? = nil) -> IdentityView {
        IdentityView(
            identity: identity ?? Fixtures.identity(1), credentials: (0..<rows).map(credential), grants: (0..<rows).map(grant),
            trusts: (0..<min(rows, 5)).map(trust), findings: (0..<min(rows, 10)).map(finding),
            decisions: events(rows, action: "authz.evaluation", decision: "allow"), timeline: events(rows), actions: allActions,
            tasks: (0..<min(rows, 5)).map(task), now: now)
    }

    static func auditView(rows: Int) -> AuditView {
        AuditView(
            search: AuditSearch(identity: "idn_000001", actor: "user:alice", action: "identity.extend", since: "2026-11-01"), events: events(rows),
            nextCursor: "bmV4dA",
            proof: AuditProofView(
                seq: 3, leafHash: "9f86d081884c7d659a2feaa0c55ad015", treeSize: 1024, rootHash: "2c26b46b68ffc68ff99b453c1d304134",
                path: ["a1", "b2", "c3"], verified: true, checkpoint: "acme.example/audit\n1024\nLCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=\n",
                event: event(3)))
    }

    static func campaign(status: ReviewCampaign.Status = .open) -> ReviewCampaign {
        ReviewCampaign(
            id: "rev_q4", tenant: "acme", name: "Q4 recertification \(xssName)", scope: ReviewScope(kinds: [.agent], owners: ["owner1"]),
            deadline: now.addingTimeInterval(7 * 86_400), onUndecided: .suspend, createdAt: now.addingTimeInterval(-86_400), createdBy: "user:alice",
            status: status)
    }

    static func reviewItem(_ index: Int) -> ReviewItem {
        var item = ReviewItem(
            id: "rvi_\(index)", campaign: "rev_q4", subject: ReviewSubject(kind: index.isMultiple(of: 4) ? .entitlement : .identity, id: "idn_\(index)"),
            identity: "idn_\(String(format: "%06d", index))", reviewer: .user("owner1"), deadline: now.addingTimeInterval(7 * 86_400),
            onUndecided: .suspend, createdAt: now.addingTimeInterval(-86_400), lastUsedAt: index.isMultiple(of: 3) ? nil : now.addingTimeInterval(-3600),
            unusedScopes30d: ["write"], unusedScopes90d: index.isMultiple(of: 2) ? ["write", "tool:*"] : [])
        if index.isMultiple(of: 5) {
            item.decision = .certify
            item.decidedBy = "user:alice"
            item.decidedAt = now
            item.reason = "still needed \(xssPurpose)"
        }
        return item
    }

    static func campaignView(rows: Int) -> CampaignView {
        let items = (0..<rows).map(reviewItem)
        return CampaignView(
            campaign: campaign(), report: CampaignReport(items: items), items: items, showing: .all,
            identityNames: ["idn_000001": "support-bot-1"], canDecide: true, nextCursor: "cur",
            outcome: CampaignView.BulkOutcome(decision: "certify", decided: 3, failed: 1), now: now)
    }

    static func policyVersion(_ number: Int, extra: String = "") -> PolicyVersion {
        let policies = (0..<20).map { "@id(\"p\($0)\")\npermit (principal, action == Action::\"read\", resource == Dataset::\"d\($0)\");" }
            .joined(separator: "\n\n")
        return PolicyVersion(
            tenant: "acme", version: number, policies: policies + extra, guardrails: "forbid (principal, action, resource) unless { principal.active };",
            schema: nil, links: [PolicyLink(id: "ent-1", template: "grant", principal: EntityReference(type: "Lanyard::Identity", id: "idn_1"), resource: nil)],
            author: "user:alice", message: "add \(xssName)", createdAt: now)
    }

    static func policiesView(rows: Int) -> PoliciesView {
        PoliciesView(
            versions: (0..<rows).map {
                PolicyVersionSummary(
                    version: rows - $0, author: "user:alice", message: "change \($0) \(xssPurpose)", createdAt: now, policyCount: 20, hasSchema: $0 == 0)
            }, current: rows, nextCursor: "cur", canValidate: true, candidate: ValidatePoliciesRequest(policies: "permit (principal, action resource);"),
            validation: PolicyValidation(
                valid: false, problems: [PolicyProblem(document: "policies", policy: "policy0", message: "unexpected token \(xssName)")], schemaChecked: false))
    }

    static func policyVersionView() -> PolicyVersionView {
        PolicyVersionView(
            version: policyVersion(7, extra: "\n\nforbid (principal, action, resource) when { context.\(xssPurpose) };"), current: 7,
            compared: policyVersion(6), canTry: true,
            trial: PolicyTrial(subjectID: "idn_1", action: "read", resourceType: "Dataset", resourceID: "d1", context: "{\"x\": 1}"),
            trialResult: PolicyTrialResult(allowed: true, policies: ["p1"]))
    }

    /// Every page of the console with `rows` rows in each list, by name.
    static func allPages(rows: Int) -> [(name: String, html: String)] {
        let chrome = chrome()
        return [
            (
                "signIn",
                ConsoleViews.signIn(
                    tenant: "acme", basePath: "/t/acme/console", ssoConfigured: true, returnTo: "/t/acme/console/identities", error: "The sign-in expired.",
                    csrfToken: csrf)
            ),
            (
                "signIn (no SSO)",
                ConsoleViews.signIn(tenant: "acme", basePath: "/t/acme/console", ssoConfigured: false, returnTo: "/t/acme/console", error: nil, csrfToken: csrf)
            ),
            ("message", ConsoleViews.message(title: "Not allowed", detail: "Your role may not see this page.", status: 403, basePath: "/t/acme/console")),
            ("message (no tenant)", ConsoleViews.message(title: "Not found", detail: "No such tenant.", status: 404, basePath: nil)),
            ("overview", ConsoleViews.overview(overview(expiring: rows), chrome: chrome)),
            ("inventory", ConsoleViews.inventory(inventory(rows: rows), chrome: chrome)),
            ("identity", ConsoleViews.identity(identityView(rows: rows), chrome: chrome)),
            (
                "requests",
                ConsoleViews.requests(
                    RequestsView(requests: (0..<rows).map(request), identityNames: ["idn_000001": "support-bot-1"], nextCursor: "cur"), chrome: chrome)
            ),
            (
                "request",
                ConsoleViews.request(
                    RequestView(
                        request: request(1), approvalRule: "Access tier deploy: 2 approval(s) required, 2 still needed.",
                        grant: "permit (principal == Lanyard::Identity::\"idn_000001\", action in [Action::\"deploy\"], resource == Service::\"billing\");",
                        policies: ["forbid (principal, action == Action::\"deploy\", resource) unless { context.approved };"], morePolicies: 3,
                        policyVersion: 4,
                        recentUse: events(rows, action: "authz.evaluation", decision: "allow"), canDecide: true, identityName: "support-bot-1", now: now),
                    chrome: chrome)
            ),
            (
                "findings",
                ConsoleViews.findings(
                    FindingsView(findings: (0..<rows).map(finding), identityNames: ["idn_000001": "support-bot-1"], nextCursor: "cur"), chrome: chrome)
            ),
            ("audit", ConsoleViews.audit(auditView(rows: rows), chrome: chrome)),
            (
                "identity (prototype)",
                ConsoleViews.identity(
                    IdentityView(identity: identity(3, name: xssName), actions: allActions, now: now, graduateTemplates: ["agent", "app"]), chrome: chrome)
            ),
            ("campaigns", ConsoleViews.campaigns(CampaignsView(campaigns: (0..<rows).map { _ in campaign() }, nextCursor: "cur", now: now), chrome: chrome)),
            ("campaign", ConsoleViews.campaign(campaignView(rows: rows), chrome: chrome)),
            ("policies", ConsoleViews.policies(policiesView(rows: rows), chrome: chrome)),
            ("policy version", ConsoleViews.policyVersion(policyVersionView(), chrome: chrome)),
        ]
    }
}
