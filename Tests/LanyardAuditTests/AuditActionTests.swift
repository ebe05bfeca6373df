import Foundation
import LanyardAudit
import LanyardModel
import Testing

@Suite("The audit action catalogue and its OCSF mapping")
struct AuditActionTests {
    /// The names in signed leaves: renaming one would orphan every stored event of that action.
    static let pinned: Set<String> = [
        "tenant.create", "admin_token.create", "admin_token.revoke", "admin.deny", "admin.policy.push", "keys.rotate",
        "spiffe.ca.create", "spiffe.ca.renew", "identity.register", "identity.extend", "identity.suspend", "identity.resume", "identity.offboard",
        "identity.expire", "identity.expiry_notice", "identity.trust.add", "identity.trust.remove", "identity.orphan", "identity.transfer",
        "identity.graduate", "template.create", "owner.activate", "owner.deactivate",
        "credential.issue", "credential.exchange", "credential.federate", "credential.revoke", "credential.refuse", "svid.refuse",
        "task.open", "task.end", "task.expire", "policy.push", "policy.link", "policy.unlink", "policy.rollback", "policy.test",
        "entities.upsert", "entities.replace", "entities.delete", "authz.evaluation", "authz.evaluations", "authz.search",
        "webhook.add", "webhook.delete", "webhook.redeliver", "webhook.test", "webhook.disable", "webhook.enable", "webhook.rotate_secret",
        "scim.user.create", "scim.user.update", "scim.user.delete", "scim.group.create", "scim.group.update", "scim.group.delete",
        "scim_token.create", "scim_token.revoke", "tenant.settings", "entitlement.grant", "entitlement.revoke", "entitlement.end",
        "access_request.create", "access_request.approve", "access_request.deny", "access_request.cancel", "access_request.expire",
        "access_request.refuse", "access_policy.set",
        "breakglass.open", "breakglass.close", "breakglass.review", "breakglass.overdue",
        "review.start", "review.decide", "review.close", "review_schedule.create", "review_schedule.delete",
        "leak.report", "leak.refuse", "identity.compromise", "leak_token.create", "leak_token.revoke",
        "finding.raise", "finding.resolve", "finding.acknowledge", "finding.suppress", "finding.reopen", "finding.remediate",
        "console.signin", "console.signin.refuse", "console.signout", "sso.set", "sso.remove", "mcp.call", "mcp.result", "mcp.list", "mcp.refuse",
        "mcp_server.add", "mcp_server.remove",
    ]

    /// `Sources/` of this package.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static func swiftFiles(under module: String) throws -> [(path: String, text: String)] {
        let root = sources.appendingPathComponent(module)
        let paths = try #require(FileManager.default.subpathsOfDirectory(atPath: root.path) as [String]?)
        return try paths.filter { $0.hasSuffix(".swift") }.map { path in
            (path, try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
        }
    }

    @Test("the catalogue is exactly the pinned names, each a dotted lower-case name")
    func names() {
        let names = AuditAction.allCases.map(\.rawValue)
        #expect(Set(names) == Self.pinned)
        #expect(names.count == Self.pinned.count)
        for name in names {
            #expect(name.wholeMatch(of: /[a-z_]+(\.[a-z_]+)+/) != nil, "\(name)")
        }
    }

    @Test("OCSF maps every catalogued action: issuance and refusal of credentials and console sign-ins are authentication, the rest API activity")
    func ocsfCoversEveryAction() throws {
        for action in AuditAction.allCases {
            let event = AuditEvent(tenant: "acme", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "a", action: action, target: "t")
            guard case .object(let ocsf) = OCSFMapping.event(event),
                case .number(let classUID)? = ocsf["class_uid"], case .number(let activity)? = ocsf["activity_id"],
                case .number(let typeUID)? = ocsf["type_uid"], case .number(let status)? = ocsf["status_id"]
            else {
                Issue.record("\(action.rawValue) has no OCSF class, activity, type or status")
                continue
            }
            let signIn: Set<AuditAction> = [.consoleSignIn, .consoleSignInRefuse, .consoleSignOut]
            let authentication = action == .credentialIssue || action == .credentialRefuse || signIn.contains(action)
            #expect(classUID == (authentication ? 3002 : 6003), "\(action.rawValue)")
            #expect((signIn.contains(action) ? [1, 2] : [1, 3, 4, 99]).contains(activity), "\(action.rawValue)")
            #expect(typeUID.double == classUID.double * 100 + activity.double, "\(action.rawValue)")
            #expect(status == (action.isRefusal ? 2 : 1), "\(action.rawValue)")
        }
    }

    @Test("OCSF activities follow the verb: register is create, suspend is update, offboard is delete, exchange is other")
    func ocsfActivities() {
        #expect(OCSFMapping.classify(.identityRegister) == (.apiActivity, .create))
        #expect(OCSFMapping.classify(.identitySuspend) == (.apiActivity, .update))
        #expect(OCSFMapping.classify(.identityOffboard) == (.apiActivity, .delete))
        #expect(OCSFMapping.classify(.credentialExchange) == (.apiActivity, .other))
        #expect(OCSFMapping.classify(.credentialIssue) == (.authentication, .authenticationTicket))
        #expect(OCSFMapping.classify(.mcpServerAdd) == (.apiActivity, .create))
        #expect(OCSFMapping.classify(.mcpServerRemove) == (.apiActivity, .delete))
        #expect(OCSFMapping.classify(.mcpCall) == (.apiActivity, .other) && AuditAction.mcpRefuse.isRefusal && !AuditAction.mcpCall.isRefusal)
    }

    @Test("an action from another version's log is API activity 'Other', and a denied decision is a failure")
    func unknownAction() throws {
        let event = AuditEvent(
            tenant: "acme", at: Date(timeIntervalSince1970: 0), actor: "a", action: "widget.frobnicate", target: "t",
            details: ["decision": "deny"])
        guard case .object(let ocsf) = OCSFMapping.event(event) else { throw LanyardError(.internal, "not an object") }
        #expect(ocsf["class_uid"] == .number(6003) && ocsf["activity_id"] == .number(99) && ocsf["status_id"] == .number(2))
    }

    @Test("code that records events names every action from the catalogue: no string literal, no unused case")
    func everyActionUsedIsCatalogued() throws {
        var recorded = ""
        for module in ["LanyardCore", "LanyardServer", "LanyardStorage"] {
            for (path, text) in try Self.swiftFiles(under: module) {
                #expect(!text.contains(/action: "[^"]*"/), "\(module)/\(path) records an action by a string literal")
                recorded += text
            }
        }
        for action in AuditAction.allCases {
            #expect(recorded.contains(".\(action)"), "AuditAction.\(action) is recorded nowhere")
        }
    }
}
