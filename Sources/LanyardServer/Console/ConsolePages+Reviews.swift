import Foundation
import Hummingbird
import LanyardAPI
import LanyardConsoleViews
import LanyardCore
import LanyardModel

extension ConsolePages {
    /// The most items one bulk decision takes (one page of the campaign).
    static let maxBulkItems = ConsoleRoutes.pageSize

    /// `/reviews`: the campaigns; `/reviews/{id}`: one campaign's report and items; POST `/reviews/{id}/decide`: the
    /// selected open items certified or revoked, each through the same use case (and audit event) as the API.
    func registerReviews(page: Page, action: Action) {
        let dependencies = self.dependencies
        let authorizer = dependencies.authorizer
        let console = self.console
        let reviews = dependencies.decisions.reviews

        page("/reviews") { request, _, visitor in
            let tenant = visitor.session.tenant
            try await authorizer.authorize(.reviewList, caller: visitor.principal, target: .tenant(tenant))
            let found = try await reviews.page(
                tenant: tenant, page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: request.uri.queryParameters.get("cursor")),
                by: visitor.principal)
            let view = CampaignsView(campaigns: found.items, nextCursor: found.next, now: console.now())
            return ConsoleHTTP.page(ConsoleViews.campaigns(view, chrome: visitor.chrome))
        }

        page("/reviews/:id") { request, context, visitor in
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            try await authorizer.authorize(.reviewRead, caller: principal, target: .tenant(tenant))
            let id = try context.pathParameter("id", missing: "No review campaign in the path.")
            let query = request.uri.queryParameters
            let showing = try Self.showing(query.get("show"))
            let found = try await reviews.find(id, tenant: tenant, by: principal)
            let decided: Bool? =
                switch showing {
                case .open: false
                case .decided: true
                case .all: nil
                }
            let items = try await reviews.items(
                of: id, decided: decided, tenant: tenant, page: PageRequest(limit: ConsoleRoutes.pageSize, cursor: query.get("cursor")),
                by: principal)
            var names: [String: String] = [:]
            for identity in Set(items.items.map(\.identity)) {
                names[identity] = try? await dependencies.inventory.find(identity, tenant: tenant, by: principal).name
            }
            let canDecide = (try? await authorizer.check(.reviewDecide, caller: principal, target: .tenant(tenant), facts: [:])) != nil
            let view = CampaignView(
                campaign: found.campaign, report: found.report, items: items.items, showing: showing, identityNames: names, canDecide: canDecide,
                nextCursor: items.next, outcome: Self.outcome { query.get($0) }, now: console.now())
            return ConsoleHTTP.page(ConsoleViews.campaign(view, chrome: visitor.chrome))
        }

        action("/reviews/:id/decide") { _, context, visitor, form in
            let tenant = visitor.session.tenant
            let principal = visitor.principal
            try await authorizer.authorize(.reviewDecide, caller: principal, target: .tenant(tenant))
            let id = try context.pathParameter("id", missing: "No review campaign in the path.")
            guard let decision = form["decision"], decision == "certify" || decision == "revoke" else {
                throw LanyardError.invalid("decision", "Choose Certify or Revoke.")
            }
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
            if decision == "revoke", reason == nil { throw LanyardError.invalid("reason", "Give a reason for revoking.") }
            var selected = form.keys.filter { $0.hasPrefix("item.") }.map { String($0.dropFirst(5)) }.sorted()
            if form["all"] == "on" {
                let open = try await reviews.items(of: id, decided: false, tenant: tenant, page: PageRequest(limit: Self.maxBulkItems), by: principal)
                selected = open.items.map(\.id)
            }
            guard !selected.isEmpty else { throw LanyardError.invalid("item", "Select at least one item.") }
            guard selected.count <= Self.maxBulkItems else {
                throw LanyardError.invalid("item", "Decide at most \(Self.maxBulkItems) items at once.")
            }
            var decidedCount = 0
            var failed = 0
            for item in selected {
                do {
                    _ = try await authorizer.auditingRefusals(.reviewDecide, caller: principal, target: .tenant(tenant)) {
                        try await reviews.decide(
                            campaign: id, item: item, DecideReviewItemRequest(decision: decision, reason: reason), tenant: tenant, by: .admin(principal))
                    }
                    decidedCount += 1
                } catch let error as LanyardError where Self.itemRefusals.contains(error.code) {
                    // This item only (decided meanwhile, past the deadline, not this reviewer's): the others go on.
                    failed += 1
                }
            }
            let counts = PercentEncoding.query([("decision", decision), ("decided", String(decidedCount)), ("failed", String(failed))])
            return ConsoleHTTP.redirect(visitor.chrome.basePath + "/reviews/" + PercentEncoding.encode(id) + "?" + counts)
        }
    }

    /// The refusals that concern one item of a bulk decision; any other error stops the whole decision.
    static let itemRefusals: Set<LanyardError.Code> = [.invalidState, .forbidden, .notFound, .invalidField]

    /// The campaign page's `show` parameter (open items unless given).
    static func showing(_ text: String?) throws -> CampaignView.Showing {
        guard let text, !text.isEmpty else { return .open }
        guard let showing = CampaignView.Showing(rawValue: text) else { throw LanyardError.invalid("show", "show is open, decided or all.") }
        return showing
    }

    /// The outcome of a bulk decision, from the numbers the redirect carries (nothing else is taken from the query).
    static func outcome(_ query: (String) -> String?) -> CampaignView.BulkOutcome? {
        guard let decision = query("decision"), decision == "certify" || decision == "revoke",
            let decided = query("decided").flatMap({ Int($0) }), let failed = query("failed").flatMap({ Int($0) }),
            (0...maxBulkItems).contains(decided), (0...maxBulkItems).contains(failed)
        else { return nil }
        return CampaignView.BulkOutcome(decision: decision, decided: decided, failed: failed)
    }
}
