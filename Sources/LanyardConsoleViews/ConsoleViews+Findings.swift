import LanyardModel

extension ConsoleViews {
    /// The findings page: each finding's title and summary, severity, kind, framework control ids, the identity it is
    /// about (linked), status, when it was raised and its evidence events (linked to their proofs); a link to the
    /// posture report at `{basePath}/posture`.
    public static func findings(_ v: FindingsView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: "Findings", current: .findings)
        let count = v.findings.count
        context["postureHref"] = base + "/posture"
        context["summary"] = count == 0 ? "No finding." : "\(count) \(count == 1 ? "finding" : "findings")."
        context["hasFindings"] = count > 0
        context["findings"] = v.findings.map { finding -> [String: Any] in
            [
                "title": finding.title, "summary": finding.summary, "severity": finding.severity.rawValue, "kind": finding.kind.rawValue,
                "controls": finding.frameworks.map(\.id).joined(separator: ", "), "hasIdentity": finding.identity != nil,
                "identityHref": Format.path(base + "/identities", finding.identity ?? ""),
                "identityName": finding.identity.map { v.identityNames[$0] ?? $0 } ?? "", "subject": finding.subject,
                "status": finding.status.rawValue, "created": Format.time(finding.createdAt),
                "evidence": finding.evidence.suffix(5).map { ["seq": $0.seq, "href": proveHref(base, $0.seq)] as [String: Any] },
            ]
        }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(base + "/findings", [("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "findings")
    }
}
