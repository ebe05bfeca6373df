import Foundation
import LanyardAPI
import LanyardModel

extension ConsoleViews {
    /// The policies page: the version history, newest first, each linking to `{basePath}/policies/{version}`, and the
    /// validation form with the last answer's problems (see ``PoliciesView``).
    public static func policies(_ v: PoliciesView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        var context = PageContext.signedIn(chrome, title: "Policies", current: .policies)
        context["current"] = v.current
        context["currentHref"] = Format.path(base + "/policies", String(v.current))
        context["versions"] = v.versions.map { summary -> [String: Any] in
            [
                "version": summary.version, "href": Format.path(base + "/policies", String(summary.version)), "author": summary.author,
                "message": summary.message, "created": Format.time(summary.createdAt), "count": summary.policyCount, "schema": summary.hasSchema,
                "inForce": summary.version == v.current,
                "diffHref": summary.version > 0
                    ? Format.link(Format.path(base + "/policies", String(summary.version)), [("compare", String(summary.version - 1))]) : "",
                "hasDiff": summary.version > 0,
            ]
        }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] = v.nextCursor.map { Format.link(base + "/policies", [("cursor", $0)]) } ?? ""
        context["canValidate"] = v.canValidate
        context["validateAction"] = base + "/policies/validate"
        context["candidate"] =
            ["policies": v.candidate.policies ?? "", "guardrails": v.candidate.guardrails ?? "", "schema": v.candidate.schema ?? ""]
        context["hasValidation"] = v.validation != nil
        if let validation = v.validation {
            context["valid"] = validation.valid
            context["schemaChecked"] = validation.schemaChecked
            context["problems"] = validation.problems.map { problem -> [String: Any] in
                ["document": problem.document, "policy": problem.policy ?? "", "message": problem.message]
            }
        }
        return TemplateLibrary.render(context, template: "policies")
    }

    /// One policy version: its documents and template links, a line diff against ``PolicyVersionView/compared``
    /// when there is one (a "compare with" form sends `compare`), and the "try a request" form with the last answer.
    public static func policyVersion(_ v: PolicyVersionView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        let version = v.version
        let path = Format.path(base + "/policies", String(version.version))
        var context = PageContext.signedIn(chrome, title: "Policy version \(version.version)", current: .policies)
        context["version"] =
            [
                "number": version.version, "inForce": version.version == v.current, "author": version.author, "message": version.message,
                "created": Format.time(version.createdAt), "policies": version.policies, "guardrails": version.guardrails,
                "hasSchema": version.schema != nil, "schema": version.schema ?? "",
            ] as [String: Any]
        context["hasLinks"] = !version.links.isEmpty
        context["links"] = version.links.map { link -> [String: Any] in
            [
                "id": link.id, "template": link.template, "principal": link.principal.map(cedar) ?? "—", "resource": link.resource.map(cedar) ?? "—",
            ]
        }
        context["compareAction"] = path
        context["compareValue"] = v.compared.map { String($0.version) } ?? String(max(0, version.version - 1))
        context["hasDiff"] = v.compared != nil
        if let compared = v.compared {
            context["compared"] = compared.version
            context["comparedHref"] = Format.path(base + "/policies", String(compared.version))
            context["diffs"] = [("Policies", compared.policies, version.policies), ("Guardrails", compared.guardrails, version.guardrails)]
                .map { name, old, new -> [String: Any] in
                    let diff = LineDiff(old: old, new: new)
                    return [
                        "name": name, "changed": diff.added + diff.removed > 0, "added": diff.added, "removed": diff.removed,
                        "truncated": diff.truncated,
                        "lines": diff.lines.map { line -> [String: Any] in
                            let sign: String
                            switch line.kind {
                            case .added: sign = "+"
                            case .removed: sign = "−"
                            case .same, .skipped: sign = ""
                            }
                            return ["kind": line.kind.rawValue, "sign": sign, "text": line.text, "number": line.number == 0 ? "" : String(line.number)]
                        },
                    ]
                }
        }
        context["canTry"] = v.canTry
        context["tryAction"] = path + "/try"
        let trial = v.trial
        context["trial"] =
            [
                "subjectType": trial.subjectType, "subjectID": trial.subjectID, "action": trial.action, "resourceType": trial.resourceType,
                "resourceID": trial.resourceID, "context": trial.context,
            ] as [String: Any]
        context["hasTrialResult"] = v.trialResult != nil
        if let result = v.trialResult {
            context["trialResult"] =
                [
                    "evaluated": result.allowed != nil, "allowed": result.allowed == true,
                    "verdict": result.allowed.map { $0 ? "Allow" : "Deny" } ?? "Not evaluated",
                    "verdictClass": result.allowed.map { $0 ? "allow" : "deny" } ?? "",
                    "policies": result.policies.isEmpty ? "none" : result.policies.joined(separator: ", "), "hasRefusal": result.refusal != nil,
                    "refusal": result.refusal ?? "", "hasError": result.error != nil, "error": result.error ?? "",
                ] as [String: Any]
        }
        return TemplateLibrary.render(context, template: "policyVersion")
    }

    /// An entity reference as Cedar writes it: `Type::"id"`.
    static func cedar(_ reference: EntityReference) -> String {
        "\(reference.type)::\"\(reference.id)\""
    }
}
