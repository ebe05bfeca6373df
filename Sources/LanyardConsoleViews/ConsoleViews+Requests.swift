import Foundation
import LanyardModel

extension ConsoleViews {
    /// The requests page: the access requests waiting for a decision, each linking to `{basePath}/requests/{id}`.
    public static func requests(_ v: RequestsView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: "Requests", current: .requests)
        let count = v.requests.count
        context["summary"] = count == 0 ? "No request waiting." : "\(count) \(count == 1 ? "request" : "requests") waiting for a decision."
        context["hasRequests"] = count > 0
        context["requests"] = v.requests.map { request -> [String: Any] in
            [
                "href": Format.path(base + "/requests", request.id), "id": request.id, "identity": v.identityNames[request.identity] ?? request.identity,
                "requester": request.requester, "tier": request.tier.description, "actions": request.actions.joined(separator: ", "),
                "resource": request.resource, "intent": Format.clip(request.justification, 120),
                "approvals": "\(request.approvals.count) of \(request.requiredApprovals)", "expires": Format.time(request.expiresAt),
            ]
        }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(base + "/requests", [("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "requests")
    }

    /// The request page: requester, intent, what is asked, the policies that will decide it, decisions so far, the
    /// identity's recent use, and — when ``RequestView/canDecide`` — an approve and a deny form (POST
    /// `{basePath}/requests/{id}/approve` and `…/deny`, each with a required `reason` and the hidden `csrf`).
    public static func request(_ v: RequestView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        let request = v.request
        var context = PageContext.signedIn(chrome, title: "Request \(request.id)", current: .requests)
        let status = v.now.map { request.status(at: $0) } ?? request.status
        context["request"] =
            [
                "id": request.id, "status": status.rawValue, "requester": request.requester,
                "identityHref": Format.path(base + "/identities", request.identity), "identityName": v.identityName ?? request.identity,
                "identityOwner": request.identityOwner, "tier": request.tier.description, "actions": request.actions.joined(separator: ", "),
                "resource": request.resource, "scopes": request.scopes.isEmpty ? "none" : request.scopes.joined(separator: " "),
                "duration": Format.duration(seconds: request.duration), "singleUse": request.singleUse, "hasTask": request.task != nil,
                "task": request.task ?? "", "created": Format.time(request.createdAt), "expires": Format.time(request.expiresAt),
                "approvalCount": request.approvals.count, "requiredApprovals": request.requiredApprovals, "justification": request.justification,
            ] as [String: Any]
        context["approvalRule"] = v.approvalRule ?? ""
        context["hasApprovalRule"] = v.approvalRule != nil
        context["hasGrant"] = v.grant != nil
        context["grant"] = v.grant ?? ""
        context["policies"] = v.policies
        context["hasPolicies"] = !v.policies.isEmpty
        context["morePolicies"] = v.morePolicies > 0 ? "\(v.morePolicies) more not shown." : ""
        context["hasPolicyVersion"] = v.policyVersion != nil
        context["policyVersion"] = v.policyVersion.map(String.init) ?? ""
        context["policyVersionHref"] = v.policyVersion.map { Format.path(base + "/policies", String($0)) } ?? ""
        var decisions: [[String: Any]] = request.approvals.map {
            ["by": $0.by, "decision": $0.policy == nil ? "approved" : "approved by policy", "reason": $0.reason, "at": Format.time($0.at)]
        }
        if let denial = request.denial {
            decisions.append(["by": denial.by, "decision": "denied", "reason": denial.reason, "at": Format.time(denial.at)])
        }
        context["hasApprovals"] = !decisions.isEmpty
        context["approvals"] = decisions
        context["canApprove"] = v.canDecide && status == .requested
        context["canDeny"] = v.canDeny && status == .requested
        context["canDecide"] = (v.canDecide || v.canDeny) && status == .requested
        let requestPath = Format.path(base + "/requests", request.id)
        context["approveAction"] = requestPath + "/approve"
        context["denyAction"] = requestPath + "/deny"
        context["hasRecentUse"] = !v.recentUse.isEmpty
        context["recentUse"] = v.recentUse.map { eventRow($0, base: base) }
        return TemplateLibrary.render(context, template: "request")
    }
}
