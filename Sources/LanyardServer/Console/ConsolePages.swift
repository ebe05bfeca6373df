import Foundation
import Hummingbird
import LanyardAPI
import LanyardAudit
import LanyardConsoleViews
import LanyardCore
import LanyardModel

/// The console's pages and the actions on them. Each reads through the same use cases as the API, as the session's
/// principal, after the admin policies allowed the page's action (refusals audited like the API's).
struct ConsolePages {
    let dependencies: ServerDependencies
    let console: ConsoleSignIn

    typealias Page = (String, @escaping @Sendable (Request, LanyardRequestContext, ConsoleRoutes.Visitor) async throws -> Response) -> Void
    typealias Action = (
        String, @escaping @Sendable (Request, LanyardRequestContext, ConsoleRoutes.Visitor, [String: String]) async throws -> Response
    ) -> Void

    /// The identity actions the page offers and the admin action each is.
    static let identityActions: [(name: String, action: AdminAction)] = [
        ("extend", .identityExtend), ("transfer", .identityTransfer), ("suspend", .identitySuspend), ("resume", .identityResume),
        ("offboard", .identityOffboard), ("graduate", .identityGraduate), ("revoke-credentials", .credentialRevoke),
    ]

    func register(page: Page, action: Action) {
        registerReviews(page: page, action: action)
        registerPolicies(page: page, action: action)
        let dependencies = self.dependencies
        let authorizer = dependencies.authorizer
        let console = self.console

        @Sendable func identityTarget(_ id: String, _ visitor: ConsoleRoutes.Visitor) async throws -> AdminTarget {
            let tenant = visitor.session.tenant
            return .identity(id, owner: try await dependencies.inventory.owner(of: id, tenant: tenant) ?? "", tenant: tenant)
        }

        page("") { _, _, visitor in
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            guard (try? await authorizer.check(.postureReport, caller: principal, target: .tenant(tenant), facts: [:])) != nil else {
                return ConsoleHTTP.redirect(visitor.chrome.basePath + "/identities")
            }
            let report = try await dependencies.posture.report(tenant: tenant, owner: nil, identity: nil, by: principal)
            func headline(_ id: String) -> PostureHeadline? { report.headline.first { $0.id == id } }
            func count(_ id: String) -> Int { Int(headline(id)?.value ?? 0) }
            var byOWASP: [String: Int] = [:]
            for item in report.findings.items where item.status != .resolved {
                for framework in item.frameworks where framework.hasPrefix("NHI") { byOWASP[framework, default: 0] += 1 }
            }
            let expiring = try await dependencies.inventory.page(
                tenant: tenant, filter: IdentityFilter(status: .active, expiringWithin: TimeSpan(seconds: 7 * 86_400)),
                page: PageRequest(limit: 10), by: principal)
            let severities = FindingSeverity.allCases.reversed().map { ($0.rawValue, report.findings.bySeverity[$0.rawValue] ?? 0) }
            let view = OverviewView(
                identitiesTotal: count("identities"),
                identitiesWithActiveOwner: Int(headline("ownership-coverage")?.numerator ?? 0), expiringSoon: expiring.items,
                findingsBySeverity: severities.map { (label: $0.0, count: $0.1) },
                findingsByOWASP: byOWASP.sorted { $0.key < $1.key }.map { (label: $0.key, count: $0.value) },
                pendingApprovals: count("approvals-pending"), breakGlassAwaitingReview: count("break-glass-awaiting-review"),
                leakMedianTimeToRevoke: headline("leak-time-to-revoke")?.value, auditVerified: headline("audit-log-verified").map { $0.value == 1 },
                auditSize: report.auditHead.size, now: report.generatedAt)
            return ConsoleHTTP.page(ConsoleViews.overview(view, chrome: visitor.chrome))
        }

        page("/identities") { request, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.identityList, caller: visitor.principal, target: .tenant(tenant))
            let query = request.uri.queryParameters
            var filters = InventoryFilters()
            var filter = IdentityFilter()
            if let owner = query.get("owner"), !owner.isEmpty { (filters.owner, filter.owner) = (owner, owner) }
            if let text = query.get("status"), !text.isEmpty { filters.status = try IdentityStatus.parse(text, field: "status") }
            if let text = query.get("kind"), !text.isEmpty { filters.kind = try IdentityKind.parse(text, field: "kind") }
            if let text = query.get("environment"), !text.isEmpty {
                filters.environment = try DeploymentEnvironment.parse(text, field: "environment")
            }
            if let text = query.get("stage"), !text.isEmpty { filters.stage = try LifecycleStage.parse(text, field: "stage") }
            for name in ["q", "template", "owner"] {
                if let text = query.get(name), text.utf8.count > 256 { throw LanyardError.invalid(name, "\(name) must be at most 256 bytes.") }
            }
            if let text = query.get("template"), !text.isEmpty { filters.template = text }
            if let text = query.get("q"), !text.isEmpty { filters.query = text }
            if let text = query.get("expiring_within"), !text.isEmpty {
                filter.expiringWithin = try TimeSpan(parsing: text, field: "expiring_within")
                filters.expiringWithin = text
            }
            let sortKey = try Self.sortKey(query.get("sort"))
            let descending = query.get("order") == "desc"
            filter.sort = IdentitySort(Self.sortField(sortKey), descending: descending)
            filter.status = filters.status
            filter.kind = filters.kind
            filter.environment = filters.environment
            filter.stage = filters.stage
            filter.template = filters.template
            filter.text = filters.query
            let found = try await dependencies.inventory.page(
                tenant: tenant, filter: filter, page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: query.get("cursor")), by: visitor.principal)
            let rows = found.items
            let view = InventoryView(rows: rows, filters: filters, sort: sortKey, descending: descending, nextCursor: found.next, now: console.now())
            return ConsoleHTTP.page(ConsoleViews.inventory(view, chrome: visitor.chrome))
        }

        page("/identities/:id") { _, context, visitor in
            let tenant = visitor.session.tenant
            let id = try context.pathParameter("id", missing: "No identity in the path.")
            let principal = visitor.principal
            try await authorizer.authorize(.identityRead, caller: principal, target: try await identityTarget(id, visitor))
            let identity = try await dependencies.inventory.find(id, tenant: tenant, by: principal)
            let target = AdminTarget.identity(identity.id, owner: identity.owner, tenant: tenant)
            func allowed(_ action: AdminAction) async -> Bool {
                let on = action.target == .identity ? target : AdminTarget.tenant(tenant)
                return (try? await authorizer.check(action, caller: principal, target: on, facts: [:])) != nil
            }
            var actions: [String] = []
            for (name, action) in Self.identityActions where await allowed(action) { actions.append(name) }
            let credentials =
                await allowed(.credentialList)
                ? try await dependencies.credentials.records.list(
                    tenant: tenant, identity: identity.id, page: PageRequest(limit: ConsoleRoutes.pageSize), by: principal
                ).items : []
            let trusts = try await dependencies.inventory.trusts(identity: identity.id, tenant: tenant, by: principal)
            let grants =
                await allowed(.entitlementList)
                ? try await dependencies.decisions.entitlements.page(
                    tenant: tenant, filter: EntitlementFilter(principal: EntityReference.identity(identity.id).description),
                    page: PageRequest(limit: ConsoleRoutes.pageSize), by: principal
                ).items : []
            let tasks =
                await allowed(.taskRead)
                ? try await dependencies.credentials.tasks.tasks(
                    of: identity.id, tenant: tenant, limit: ConsoleRoutes.pageSize, caller: .administrator(principal)) : []
            let graduateTemplates =
                actions.contains("graduate") && identity.stage == .prototype
                ? try await dependencies.templates.list(tenant: tenant, by: principal).filter { $0.stage == .managed }.map(\.name) : []
            let findings =
                await allowed(.findingList)
                ? try await dependencies.findings.page(
                    tenant: tenant, filter: FindingFilter(subject: "identity:\(identity.id)"), page: PageRequest(limit: ConsoleRoutes.pageSize),
                    by: principal
                ).items : []
            var timeline: [AuditEvent] = []
            var decisions: [AuditEvent] = []
            if await allowed(.auditSearch) {
                timeline = try await dependencies.auditTrail.search(
                    tenant: tenant, query: AuditQuery(target: "identity:\(identity.id)", limit: ConsoleRoutes.pageSize), by: principal)
                decisions = try await dependencies.auditTrail.search(
                    tenant: tenant, query: AuditQuery(target: "Lanyard::Identity::\"\(identity.id)\"", limit: 20), by: principal)
            }
            let view = IdentityView(
                identity: identity, credentials: credentials, grants: grants, trusts: trusts, findings: findings, decisions: decisions,
                timeline: timeline, actions: actions, tasks: tasks, now: console.now(), graduateTemplates: graduateTemplates)
            return ConsoleHTTP.page(ConsoleViews.identity(view, chrome: visitor.chrome))
        }

        action("/identities/:id/:action") { _, context, visitor, form in
            let tenant = visitor.session.tenant
            let id = try context.pathParameter("id", missing: "No identity in the path.")
            let name = try context.pathParameter("action", missing: "No action in the path.")
            guard let (_, adminAction) = Self.identityActions.first(where: { $0.name == name }) else {
                throw LanyardError(.notFound, "There is no identity action '\(name)'.")
            }
            let principal = visitor.principal
            let target = adminAction.target == .identity ? try await identityTarget(id, visitor) : AdminTarget.tenant(tenant)
            try await authorizer.authorize(adminAction, caller: principal, target: target)
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
            let inventory = dependencies.inventory
            return try await authorizer.auditingRefusals(adminAction, caller: principal, target: target) {
                switch name {
                case "extend": _ = try await inventory.extend(id, by: form["by"] ?? "7d", tenant: tenant, by: principal)
                case "transfer":
                    guard let owner = form["owner"], !owner.isEmpty else { throw LanyardError.invalid("owner", "Enter the new owner.") }
                    _ = try await inventory.transfer(id, to: owner, reason: reason, tenant: tenant, by: principal)
                case "suspend": _ = try await inventory.suspend(id, reason: reason, tenant: tenant, by: principal)
                case "resume": _ = try await inventory.resume(id, reason: reason, tenant: tenant, by: principal)
                case "offboard":
                    guard reason != nil else { throw LanyardError.invalid("reason", "Say why the identity is offboarded.") }
                    _ = try await inventory.offboard(id, reason: reason, tenant: tenant, by: principal)
                case "graduate":
                    let request = GraduateIdentityRequest(
                        name: form["name"] ?? "", owner: form["owner"] ?? "", template: form["template"] ?? "", reason: reason ?? "")
                    let graduation = try await inventory.graduate(id, into: request, tenant: tenant, by: principal)
                    return ConsoleHTTP.redirect(visitor.chrome.basePath + "/identities/" + PercentEncoding.encode(graduation.identity.id))
                default:
                    let found = try await inventory.find(id, tenant: tenant, by: principal)
                    _ = try await dependencies.credentials.records.revoke(.identity(id: found.id), tenant: tenant, reason: reason, by: principal)
                }
                return ConsoleHTTP.redirect(visitor.chrome.basePath + "/identities/" + PercentEncoding.encode(id))
            }
        }

        page("/requests") { request, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.accessRequestList, caller: visitor.principal, target: .tenant(tenant))
            let found = try await dependencies.decisions.accessRequests.page(
                tenant: tenant, filter: AccessRequestFilter(status: .requested),
                page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: request.uri.queryParameters.get("cursor")),
                caller: .administrator(visitor.principal))
            return ConsoleHTTP.page(ConsoleViews.requests(RequestsView(requests: found.items, nextCursor: found.next), chrome: visitor.chrome))
        }

        page("/requests/:id") { _, context, visitor in
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            try await authorizer.authorize(.accessRequestRead, caller: principal, target: .tenant(tenant))
            let id = try context.pathParameter("id", missing: "No access request in the path.")
            let found = try await dependencies.decisions.accessRequests.find(id, tenant: tenant, caller: .administrator(principal))
            let canDecide = (try? await authorizer.check(.accessRequestApprove, caller: principal, target: .tenant(tenant), facts: [:])) != nil
            let canDeny = (try? await authorizer.check(.accessRequestDeny, caller: principal, target: .tenant(tenant), facts: [:])) != nil
            let recent =
                (try? await dependencies.auditTrail.search(
                    tenant: tenant, query: AuditQuery(actor: "identity:\(found.identity)", limit: 10), by: principal)) ?? []
            let identityName = try? await dependencies.inventory.find(found.identity, tenant: tenant, by: principal).name
            let canReadPolicies = (try? await authorizer.check(.policyRead, caller: principal, target: .tenant(tenant), facts: [:])) != nil
            let deciders = canReadPolicies ? try await dependencies.decisions.administration.deciding(found, tenant: tenant, by: principal) : nil
            let view = RequestView(
                request: found, approvalRule: Self.approvalRule(of: found), grant: deciders?.grant, policies: deciders?.forbids ?? [],
                morePolicies: deciders?.more ?? 0, policyVersion: deciders?.version, recentUse: recent, canDecide: canDecide, canDeny: canDeny,
                identityName: identityName, now: console.now())
            return ConsoleHTTP.page(ConsoleViews.request(view, chrome: visitor.chrome))
        }

        for (verb, adminAction) in [("approve", AdminAction.accessRequestApprove), ("deny", .accessRequestDeny)] {
            action("/requests/:id/" + verb) { _, context, visitor, form in
                let tenant = visitor.session.tenant
                let principal = visitor.principal
                try await authorizer.authorize(adminAction, caller: principal, target: .tenant(tenant))
                let id = try context.pathParameter("id", missing: "No access request in the path.")
                guard let reason = form["reason"], !reason.isEmpty else { throw LanyardError.invalid("reason", "Give a reason for the decision.") }
                let requests = dependencies.decisions.accessRequests
                _ = try await authorizer.auditingRefusals(adminAction, caller: principal, target: .tenant(tenant)) {
                    verb == "approve"
                        ? try await requests.approve(id, reason: reason, tenant: tenant, caller: .administrator(principal))
                        : try await requests.deny(id, reason: reason, tenant: tenant, caller: .administrator(principal))
                }
                return ConsoleHTTP.redirect(visitor.chrome.basePath + "/requests/" + PercentEncoding.encode(id))
            }
        }

        page("/findings") { request, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.findingList, caller: visitor.principal, target: .tenant(tenant))
            let found = try await dependencies.findings.page(
                tenant: tenant, filter: FindingFilter(),
                page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: request.uri.queryParameters.get("cursor")), by: visitor.principal)
            return ConsoleHTTP.page(ConsoleViews.findings(FindingsView(findings: found.items, nextCursor: found.next), chrome: visitor.chrome))
        }

        page("/posture") { _, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.postureReport, caller: visitor.principal, target: .tenant(tenant))
            let report = try await dependencies.posture.report(tenant: tenant, owner: nil, identity: nil, by: visitor.principal)
            var response = ConsoleHTTP.page(PostureHTML.render(report))
            // The report is a standalone document with its own styles; still no script, no framing.
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
            return response
        }

        page("/audit") { request, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.auditSearch, caller: visitor.principal, target: .tenant(tenant))
            let query = request.uri.queryParameters
            func field(_ name: String) -> String { query.get(name) ?? "" }
            let search = AuditSearch(
                identity: field("identity"), actor: field("actor"), action: field("action"), since: field("since"), until: field("until"))
            var filter = AuditQuery(limit: ConsoleRoutes.pageSize)
            if !search.identity.isEmpty { filter.target = "identity:" + search.identity }
            if !search.actor.isEmpty { filter.actor = search.actor }
            if !search.action.isEmpty { filter.action = search.action }
            if !search.since.isEmpty { filter.since = try Self.time(search.since, "since") }
            if !search.until.isEmpty { filter.until = try Self.time(search.until, "until") }
            let found = try await dependencies.auditTrail.search(tenant: tenant, query: filter, cursor: query.get("cursor"), by: visitor.principal)
            let view = AuditView(search: search, events: found.items, nextCursor: found.next)
            return ConsoleHTTP.page(ConsoleViews.audit(view, chrome: visitor.chrome))
        }

        page("/audit/:seq") { _, context, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.auditProof, caller: visitor.principal, target: .tenant(tenant))
            guard let ledger = dependencies.ledger else { throw LanyardError(.notFound, "This server keeps no verifiable audit log.") }
            let text = try context.pathParameter("seq", missing: "No event in the path.")
            guard let sequence = Int64(text), sequence >= 1 else { throw LanyardError.invalid("seq", "The event must be a sequence number.") }
            let proof = try await ledger.inclusionProof(tenant: tenant, sequence: sequence, size: nil, by: visitor.principal)
            let event = proof.leaf.flatMap { try? AuditEvent(canonicalLeaf: $0) }
            var view: AuditProofView
            do {
                let key = SignedNote.parseVerifierKey(try await ledger.logKey(tenant: tenant))
                let note = try AuditProofCheck.inclusion(
                    sequence: proof.sequence, leafIndex: proof.leafIndex, treeSize: proof.treeSize, leaf: proof.leaf, leafHash: proof.leafHash,
                    proof: proof.proof, checkpoint: proof.checkpoint, publicKey: key?.publicKey, keyName: key?.name)
                view = AuditProofView(proof, rootHash: Data(note.rootHash).base64EncodedString(), verified: key != nil, event: event)
            } catch let error as LanyardError {
                view = AuditProofView(proof, rootHash: "", verified: false, failure: error.message, event: event)
            }
            return ConsoleHTTP.page(ConsoleViews.audit(AuditView(proof: view), chrome: visitor.chrome))
        }
    }

    /// A request's approval rule, in words.
    static func approvalRule(of request: AccessRequest) -> String {
        "Access tier \(request.tier.description): \(request.requiredApprovals) approval(s) required, \(request.approvalsNeeded) still needed."
    }

    /// The inventory's `sort` parameter (by name when absent).
    static func sortKey(_ text: String?) throws -> InventorySortKey {
        guard let text, !text.isEmpty else { return .name }
        guard let key = InventorySortKey(rawValue: text) else {
            throw LanyardError.invalid("sort", "sort is one of \(InventorySortKey.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return key
    }

    /// The store's sort field for an inventory column.
    static func sortField(_ key: InventorySortKey) -> IdentitySort.Field {
        switch key {
        case .name: .name
        case .kind: .kind
        case .owner: .owner
        case .environment: .environment
        case .stage: .stage
        case .status: .status
        case .template: .template
        case .expires: .expiry
        }
    }

    /// An RFC 3339 time from a search form.
    static func time(_ text: String, _ field: String) throws -> Date {
        Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse(text, field: field)))
    }
}
