import Foundation
import LanyardModel

extension ConsoleViews {
    /// The overview page: ownership coverage, identities expiring within 7 days, open findings by severity and by
    /// OWASP NHI id (two inline SVG bar charts), pending approvals, break-glass awaiting review, leak time-to-revoke
    /// and whether the audit log verified.
    public static func overview(_ v: OverviewView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: "Overview", current: .overview)
        let total = max(0, v.identitiesTotal)
        let owned = min(max(0, v.identitiesWithActiveOwner), total)
        context["total"] = total
        context["owned"] = owned
        context["ownedPercent"] = total == 0 ? 100 : owned * 100 / total
        context["meterMax"] = max(total, 1)
        context["meterLow"] = max(total, 1) * 9 / 10
        context["hasNow"] = v.now != nil
        context["now"] = Format.time(v.now)
        context["pendingApprovals"] = v.pendingApprovals
        context["breakGlass"] = v.breakGlassAwaitingReview
        context["breakGlassAlert"] = v.breakGlassAwaitingReview > 0
        context["hasLeak"] = v.leakMedianTimeToRevoke != nil
        context["leakMedian"] = v.leakMedianTimeToRevoke.map { Format.duration(seconds: Int64($0.rounded())) } ?? ""
        switch v.auditVerified {
        case .some(true): (context["auditVerdict"], context["auditClass"]) = ("Verified ✓", "ok")
        case .some(false): (context["auditVerdict"], context["auditClass"]) = ("Not verified ✗", "alert")
        case .none: (context["auditVerdict"], context["auditClass"]) = ("Not checked", "muted")
        }
        context["auditSize"] = v.auditSize
        context["inventoryHref"] = base + "/identities"
        context["requestsHref"] = base + "/requests"
        context["findingsHref"] = base + "/findings"
        context["postureHref"] = base + "/posture"
        context["auditHref"] = base + "/audit"
        context["auditBreakGlassHref"] = Format.link(base + "/audit", [("action", "breakglass.open")])
        context["expiringHref"] = Format.link(base + "/identities", [("expiring_within", "7d"), ("sort", "expires"), ("order", "asc")])
        context["severityChart"] =
            BarChart(id: "chart-severity", title: "Open findings by severity", bars: v.findingsBySeverity.map { ($0.label, $0.count, severityStyle($0.label)) })
            .context
        context["owaspChart"] =
            BarChart(id: "chart-owasp", title: "Open findings by OWASP NHI risk", bars: v.findingsByOWASP.map { ($0.label, $0.count, "owasp") }).context
        context["hasExpiring"] = !v.expiringSoon.isEmpty
        context["expiring"] = v.expiringSoon.map { identity -> [String: Any] in
            let left = v.now.map { AuditEvent.seconds(of: identity.expiresAt) - AuditEvent.seconds(of: $0) }
            return [
                "href": Format.path(base + "/identities", identity.id), "name": identity.name, "owner": identity.owner,
                "environment": identity.environment.rawValue, "expires": Format.time(identity.expiresAt), "hasLeft": (left ?? -1) >= 0,
                "left": left.map { Format.duration(seconds: $0) } ?? "",
            ]
        }
        return TemplateLibrary.render(context, template: "overview")
    }

    /// The CSS class of a severity's bar (`sev-critical`), or the plain one for a label that is no severity.
    static func severityStyle(_ label: String) -> String {
        FindingSeverity(rawValue: label.lowercased()).map { "sev-\($0.rawValue)" } ?? "plain"
    }
}
