import Foundation
import LanyardModel

extension ConsoleViews {
    /// The reviews page: every recertification campaign with its status, deadline and scope, linking to
    /// `{basePath}/reviews/{id}`.
    public static func campaigns(_ v: CampaignsView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: "Reviews", current: .reviews)
        let count = v.campaigns.count
        context["summary"] = count == 0 ? "No review campaign yet." : "\(count) \(count == 1 ? "campaign" : "campaigns")."
        context["hasCampaigns"] = count > 0
        context["campaigns"] = v.campaigns.map { campaign -> [String: Any] in
            let open = campaign.status == .open
            return [
                "href": Format.path(base + "/reviews", campaign.id), "name": campaign.name, "id": campaign.id, "status": campaign.status.rawValue,
                "deadline": Format.time(campaign.deadline),
                "left": open ? "in " + Format.duration(seconds: Int64(max(0, campaign.deadline.timeIntervalSince(v.now)))) : "",
                "scope": scopeText(campaign.scope), "onUndecided": campaign.onUndecided.rawValue, "createdBy": campaign.createdBy,
            ]
        }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(base + "/reviews", [("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "campaigns")
    }

    /// The campaign page: its report, links to its open, decided or all items, and — when the caller may decide —
    /// one form that certifies or revokes the selected open items (see ``CampaignView``).
    public static func campaign(_ v: CampaignView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        let campaign = v.campaign
        let path = Format.path(base + "/reviews", campaign.id)
        var context = PageContext.signedIn(chrome, title: "Review \(campaign.name)", current: .reviews)
        let report = v.report
        context["campaign"] =
            [
                "name": campaign.name, "id": campaign.id, "status": campaign.status.rawValue, "deadline": Format.time(campaign.deadline),
                "scope": scopeText(campaign.scope), "onUndecided": campaign.onUndecided.rawValue, "createdBy": campaign.createdBy,
                "created": Format.time(campaign.createdAt),
            ] as [String: Any]
        context["report"] =
            [
                "total": report.total, "certified": report.certified, "revoked": report.revoked, "transferred": report.transferred,
                "open": report.open, "undecided": report.undecidedRevoked + report.undecidedSuspended,
                "completion": "\(Int((report.completion * 100).rounded()))%",
                "median": report.medianTimeToDecide.map { Format.duration(seconds: Int64($0)) } ?? "—",
            ] as [String: Any]
        context["tabs"] = CampaignView.Showing.allCases.map { showing -> [String: Any] in
            ["label": showing.rawValue.capitalized, "href": Format.link(path, [("show", showing.rawValue)]), "current": showing == v.showing]
        }
        let open = campaign.status == .open && v.now < campaign.deadline
        let decidable = v.canDecide && open
        context["decidable"] = decidable && v.items.contains(where: \.isOpen)
        context["decideAction"] = path + "/decide"
        context["hasItems"] = !v.items.isEmpty
        context["items"] = v.items.map { item -> [String: Any] in
            let name = v.identityNames[item.identity] ?? item.identity
            let subject = item.subject.kind == .identity ? name : "\(item.subject.id) (of \(name))"
            let decision: String
            if let made = item.decision {
                decision = "\(made.description) by \(item.decidedBy ?? "?")"
            } else if let undecided = item.undecidedAction {
                decision = "closed undecided: \(undecided.rawValue)"
            } else {
                decision = "open"
            }
            return [
                "id": item.id, "field": "item." + item.id, "checkboxID": "sel-" + item.id, "selectable": decidable && item.isOpen,
                "subject": subject, "kind": item.subject.kind.rawValue, "identityHref": Format.path(base + "/identities", item.identity),
                "reviewer": item.reviewer.description, "lastUsed": item.lastUsedAt.map { Format.time($0) } ?? "never",
                "unused30": item.unusedScopes30d.isEmpty ? "—" : item.unusedScopes30d.joined(separator: " "),
                "unused90": item.unusedScopes90d.isEmpty ? "—" : item.unusedScopes90d.joined(separator: " "), "decision": decision,
                "reason": item.reason ?? "",
            ]
        }
        context["hasOutcome"] = v.outcome != nil
        if let outcome = v.outcome {
            var text = "\(outcome.decided) \(outcome.decided == 1 ? "item" : "items") \(outcome.decision == "revoke" ? "revoked" : "certified")."
            if outcome.failed > 0 {
                text += " \(outcome.failed) could not be decided: already decided, past the deadline, or not yours to review."
            }
            context["outcome"] = text
        }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(path, [("show", v.showing.rawValue), ("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "campaign")
    }

    /// A campaign's scope in words.
    static func scopeText(_ scope: ReviewScope) -> String {
        var parts: [String] = []
        if let kinds = scope.kinds { parts.append("kind " + kinds.map(\.rawValue).sorted().joined(separator: ", ")) }
        if let environments = scope.environments { parts.append("environment " + environments.map(\.rawValue).sorted().joined(separator: ", ")) }
        if let owners = scope.owners { parts.append("owner " + owners.sorted().joined(separator: ", ")) }
        if let tiers = scope.tiers { parts.append("entitlement tier " + tiers.map(\.description).sorted().joined(separator: ", ")) }
        return parts.isEmpty ? "the whole tenant" : parts.joined(separator: "; ")
    }
}
