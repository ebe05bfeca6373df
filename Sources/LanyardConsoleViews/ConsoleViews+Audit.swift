import LanyardModel

extension ConsoleViews {
    /// The audit page: a GET search form (`identity`, `actor`, `action`, `since`, `until`), the matching events each
    /// with a "prove" link to `{basePath}/audit/{seq}`, a "Next page" link keeping the search, and — when
    /// ``AuditView/proof`` is set — the inclusion proof as a "Verified ✓" or "Not verified ✗" panel.
    public static func audit(_ v: AuditView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: v.proof.map { "Audit event \($0.seq)" } ?? "Audit", current: .audit)
        let search = v.search
        context["formAction"] = base + "/audit"
        context["identity"] = search.identity
        context["actor"] = search.actor
        context["action"] = search.action
        context["since"] = search.since
        context["until"] = search.until
        context["hasProof"] = v.proof != nil
        if let proof = v.proof {
            context["proof"] =
                [
                    "seq": proof.seq, "verdict": proof.verified ? "Verified ✓" : "Not verified ✗", "verdictClass": proof.verified ? "ok" : "bad",
                    "hasFailure": !(proof.failure ?? "").isEmpty, "failure": proof.failure ?? "", "leafHash": proof.leafHash,
                    "treeSize": proof.treeSize, "rootHash": proof.rootHash, "path": proof.path, "hasCheckpoint": !(proof.checkpoint ?? "").isEmpty,
                    "checkpoint": proof.checkpoint ?? "", "hasEvent": proof.event != nil, "eventAt": Format.time(proof.event?.at),
                    "eventActor": proof.event?.actor ?? "", "eventAction": proof.event?.action ?? "", "eventTarget": proof.event?.target ?? "",
                ] as [String: Any]
        }
        context["hasEvents"] = !v.events.isEmpty
        context["events"] = v.events.map { eventRow($0, base: base) }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(base + "/audit", search.queryItems + [("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "audit")
    }
}
