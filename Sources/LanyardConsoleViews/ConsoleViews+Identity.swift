import Foundation
import LanyardModel

extension ConsoleViews {
    /// The actions the identity page knows, each one POST form to `{basePath}/identities/{id}/{action}`, and the
    /// template flag that shows it. Fields: `extend` — `by` (a span, default `7d`); `transfer` — `owner`; `suspend`,
    /// `resume`, `revoke-credentials` — an optional `reason`; `offboard` — a required `reason`; `graduate` — the managed
    /// identity's `name`, `template` (one of ``IdentityView/graduateTemplates``), `owner` and a required `reason`.
    static let identityActions: [(action: String, flag: String)] = [
        ("extend", "canExtend"), ("transfer", "canTransfer"), ("suspend", "canSuspend"), ("resume", "canResume"),
        ("graduate", "canGraduate"), ("revoke-credentials", "canRevoke"), ("offboard", "canOffboard"),
    ]

    /// The identity page: its record, the action forms listed in ``IdentityView/actions``, credentials (active and
    /// revoked), grants, tasks, federation trusts, findings, recent decisions and its audit timeline, each event
    /// with a "prove" link to `{basePath}/audit/{seq}`.
    public static func identity(_ v: IdentityView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        let identity = v.identity
        var context = PageContext.signedIn(chrome, title: identity.name, current: .inventory)
        let graduation =
            if let to = identity.graduatedTo { "graduated to \(to)" } else if let from = identity.graduatedFrom { "graduated from \(from)" } else { "" }
        context["identity"] =
            [
                "name": identity.name, "id": identity.id, "spiffeId": identity.spiffeId, "owner": identity.owner,
                "backupOwner": identity.backupOwner ?? "none", "purpose": identity.purpose, "kind": identity.kind.rawValue,
                "environment": identity.environment.rawValue, "dataClass": identity.dataClass.rawValue, "stage": identity.stage.rawValue,
                "status": identity.status.rawValue, "hasOffboardReason": identity.offboardReason != nil, "offboardReason": identity.offboardReason ?? "",
                "expires": Format.time(identity.expiresAt), "template": identity.template,
                "offboardingTrigger": identity.offboardingTrigger.rawValue, "destinations": identity.allowedDestinations,
                "created": Format.time(identity.createdAt), "createdBy": identity.createdBy, "hasOrphaned": identity.orphanedAt != nil,
                "orphaned": Format.time(identity.orphanedAt), "graceEnds": Format.time(identity.orphanGraceEndsAt),
                "hasGraduation": !graduation.isEmpty, "graduation": graduation,
            ] as [String: Any]
        context["actionBase"] = Format.path(base + "/identities", identity.id)
        let allowed = Set(v.actions)
        for (action, flag) in identityActions { context[flag] = allowed.contains(action) }
        context["canGraduate"] = allowed.contains("graduate") && identity.stage == .prototype && !v.graduateTemplates.isEmpty
        context["graduateTemplates"] = v.graduateTemplates.map { ["name": $0] }
        context["graduateName"] = identity.name.hasSuffix("-prototype") ? String(identity.name.dropLast(10)) : identity.name + "-managed"
        context["hasActions"] = identityActions.contains { allowed.contains($0.action) }

        let revoked = v.credentials.filter { $0.revokedAt != nil }.count
        context["activeCredentials"] = v.credentials.count - revoked
        context["revokedCredentials"] = revoked
        context["hasCredentials"] = !v.credentials.isEmpty
        context["credentials"] = v.credentials.map { credential -> [String: Any] in
            let expired = v.now.map { credential.expiresAt <= $0 } ?? false
            return [
                "jti": credential.jti, "scopes": credential.scopes.joined(separator: " "), "audience": credential.audience,
                "issued": Format.time(credential.issuedAt), "expires": Format.time(credential.expiresAt), "revoked": credential.revokedAt != nil,
                "revokedAt": Format.time(credential.revokedAt), "revokeReason": credential.revokeReason ?? "", "state": expired ? "expired" : "active",
            ]
        }
        context["hasGrants"] = !v.grants.isEmpty
        context["grants"] = v.grants.map { grant -> [String: Any] in
            [
                "id": grant.id, "breakGlass": grant.breakGlass, "tier": grant.tier.description, "actions": grant.actions.joined(separator: ", "),
                "resource": grant.resource, "status": grant.status.rawValue, "expires": Format.time(grant.expiresAt), "grantor": grant.grantor,
                "reason": grant.reason,
            ]
        }
        context["hasTasks"] = !v.tasks.isEmpty
        context["tasks"] = v.tasks.map { task -> [String: Any] in
            let state = v.now.map { task.status(at: $0).rawValue } ?? (task.endedAt == nil ? "open" : "ended")
            return [
                "id": task.id, "intent": task.intent, "opened": Format.time(task.openedAt), "expires": Format.time(task.expiresAt), "state": state,
            ]
        }
        context["hasTrusts"] = !v.trusts.isEmpty
        context["trusts"] = v.trusts.map { trust -> [String: Any] in
            [
                "issuer": trust.issuer, "audience": trust.audience, "created": Format.time(trust.createdAt), "createdBy": trust.createdBy,
                "conditions": trust.conditions.map { ["name": $0.name, "value": $0.value] },
            ]
        }
        context["hasFindings"] = !v.findings.isEmpty
        context["findings"] = v.findings.map { finding -> [String: Any] in
            [
                "title": finding.title, "summary": finding.summary, "severity": finding.severity.rawValue, "status": finding.status.rawValue,
                "created": Format.time(finding.createdAt),
            ]
        }
        context["hasDecisions"] = !v.decisions.isEmpty
        context["decisions"] = v.decisions.map { event -> [String: Any] in
            var details = event.details
            let decision = details.removeValue(forKey: "decision") ?? event.action
            return [
                "seq": event.sequence, "prove": proveHref(base, event.sequence), "at": Format.time(event.at), "decision": decision,
                "details": Format.details(details),
            ]
        }
        context["hasTimeline"] = !v.timeline.isEmpty
        context["timeline"] = v.timeline.map { eventRow($0, base: base) }
        return TemplateLibrary.render(context, template: "identity")
    }

    /// `{basePath}/audit/{seq}`: the audit page showing that event's inclusion proof.
    static func proveHref(_ base: String, _ sequence: Int64) -> String {
        base + "/audit/" + String(sequence)
    }

    /// An audit event as a table row's context (`seq`, `at`, `actor`, `action`, `target`, `details`, `prove`).
    static func eventRow(_ event: AuditEvent, base: String) -> [String: Any] {
        [
            "seq": event.sequence, "at": Format.time(event.at), "actor": event.actor, "action": event.action, "target": event.target,
            "details": Format.details(event.details), "prove": proveHref(base, event.sequence),
        ]
    }
}
