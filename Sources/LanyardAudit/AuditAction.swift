public import Foundation
public import LanyardModel

/// Every action Lanyard writes into the audit log, by the name stored in the event (`AuditEvent.action`).
///
/// Code that records an event names its action from here, never with a string literal, so this list is the whole
/// vocabulary: `lanyard audit search --action`, SIEM rules and ``OCSFMapping`` can rely on it. The raw values are
/// stored in signed leaves: never rename one; add a case for a new action. Logs written by other versions may
/// hold names this version does not know, so readers keep `AuditEvent.action` as a string and look it up with
/// `AuditAction(rawValue:)`.
public enum AuditAction: String, Sendable, Hashable, CaseIterable {
    // Tenancy and administration.
    case tenantCreate = "tenant.create"
    /// A tenant setting changed (`details`: the setting, its new and previous value).
    case tenantSettings = "tenant.settings"
    case adminTokenCreate = "admin_token.create"
    case adminTokenRevoke = "admin_token.revoke"
    /// An admin operation refused by the admin policies or the built-in roles.
    case adminDeny = "admin.deny"
    case adminPolicyPush = "admin.policy.push"
    case keysRotate = "keys.rotate"
    case spiffeCACreate = "spiffe.ca.create"
    /// A tenant's intermediate SPIFFE CA replaced by a new one signed by the same root (automatic renewal).
    case spiffeCARenew = "spiffe.ca.renew"

    // Inventory.
    case identityRegister = "identity.register"
    case identityExtend = "identity.extend"
    case identitySuspend = "identity.suspend"
    case identityResume = "identity.resume"
    case identityOffboard = "identity.offboard"
    /// The expiry sweeper expired an identity.
    case identityExpire = "identity.expire"
    /// An identity's owner was notified that it expires soon (one of its template's expiry-notice leads fell due).
    case identityExpiryNotice = "identity.expiry_notice"
    case identityTrustAdd = "identity.trust.add"
    case identityTrustRemove = "identity.trust.remove"
    /// An identity's owner left: the identity may not act until it is transferred, and its credentials were revoked.
    case identityOrphan = "identity.orphan"
    /// An identity moved to a new owner.
    case identityTransfer = "identity.transfer"
    /// A prototype graduated into a new managed identity (recorded on both).
    case identityGraduate = "identity.graduate"
    case templateCreate = "template.create"
    case ownerActivate = "owner.activate"
    case ownerDeactivate = "owner.deactivate"
    /// A webhook endpoint was added (its secret is never in the event).
    case webhookAdd = "webhook.add"
    case webhookDelete = "webhook.delete"
    /// A delivered or dead webhook delivery was put back in the outbox.
    case webhookRedeliver = "webhook.redeliver"
    /// A `webhook.test` message was queued to an endpoint.
    case webhookTest = "webhook.test"
    /// An endpoint was disabled (it gets no new deliveries; its pending ones wait) or enabled again.
    case webhookDisable = "webhook.disable"
    case webhookEnable = "webhook.enable"
    /// An endpoint's signing secret was replaced; the old one signs too for 24 hours (neither is in the event).
    case webhookRotateSecret = "webhook.rotate_secret"

    // The SCIM directory (provisioned by the tenant's identity provider).
    case scimUserCreate = "scim.user.create"
    /// A user replaced (PUT) or patched; `details.active` says when it changed the user's active flag.
    case scimUserUpdate = "scim.user.update"
    case scimUserDelete = "scim.user.delete"
    case scimGroupCreate = "scim.group.create"
    /// A group replaced or patched, membership changes included.
    case scimGroupUpdate = "scim.group.update"
    case scimGroupDelete = "scim.group.delete"
    case scimTokenCreate = "scim_token.create"
    case scimTokenRevoke = "scim_token.revoke"

    // Credentials.
    /// An access token (client credentials) or an SVID was issued.
    case credentialIssue = "credential.issue"
    /// An access token was issued by RFC 8693 token exchange (down-scoping).
    case credentialExchange = "credential.exchange"
    /// An access token was issued for an external OIDC token (federation).
    case credentialFederate = "credential.federate"
    case credentialRevoke = "credential.revoke"
    /// The token endpoint refused a client.
    case credentialRefuse = "credential.refuse"
    /// The SPIFFE endpoint refused a client.
    case svidRefuse = "svid.refuse"
    case taskOpen = "task.open"
    case taskEnd = "task.end"
    /// The expiry sweeper ended a task.
    case taskExpire = "task.expire"

    // Entitlements (access beyond the policies).
    /// An entitlement was granted (by an administrator, an approved request or break-glass).
    case entitlementGrant = "entitlement.grant"
    /// Someone revoked an entitlement before its end.
    case entitlementRevoke = "entitlement.revoke"
    /// An entitlement ended by itself: used (single use), its task ended, or expired.
    case entitlementEnd = "entitlement.end"

    // Access requests.
    case accessRequestCreate = "access_request.create"
    /// One approval; `details.status` says whether it made the request active (its entitlement granted).
    case accessRequestApprove = "access_request.approve"
    case accessRequestDeny = "access_request.deny"
    case accessRequestCancel = "access_request.cancel"
    /// The sweeper expired a request nobody acted on.
    case accessRequestExpire = "access_request.expire"
    /// An approval, denial or cancellation the rules refused (self-approval, a workload approving, the owner of a
    /// release), with the reason.
    case accessRequestRefuse = "access_request.refuse"
    /// An administrator replaced the tenant's access policy (approvals, caps, auto-approval policies).
    case accessPolicySet = "access_policy.set"
    // Break-glass (emergency access without approval; every event carries `breakGlass: "true"`).
    /// Someone opened break-glass: an entitlement granted at once, its review due later.
    case breakGlassOpen = "breakglass.open"
    /// Someone closed break-glass early (its entitlement ended).
    case breakGlassClose = "breakglass.close"
    /// Someone other than the opener reviewed break-glass.
    case breakGlassReview = "breakglass.review"
    /// The sweeper found break-glass unreviewed at its due time (its identity is suspended).
    case breakGlassOverdue = "breakglass.overdue"

    // Recertification campaigns.
    /// A review campaign started (its items were created).
    case reviewStart = "review.start"
    /// A reviewer certified, revoked or transferred a review item.
    case reviewDecide = "review.decide"
    /// A campaign closed at its deadline; its undecided items were revoked or suspended.
    case reviewClose = "review.close"
    /// An administrator added a schedule that starts campaigns by itself (its campaigns' `review.start` events name
    /// `schedule:ID` as the actor).
    case reviewScheduleCreate = "review_schedule.create"
    /// An administrator removed a schedule.
    case reviewScheduleDelete = "review_schedule.delete"

    // Leak intake.
    /// A leaked token was reported (door, token hash, what it was, the outcome; never the token).
    case leakReport = "leak.report"
    /// A leak report was refused: unsigned, badly signed, unknown key, over its bound, or a token of another tenant.
    case leakRefuse = "leak.refuse"
    /// An identity was marked compromised because one of its credentials leaked (its credentials revoked).
    case identityCompromise = "identity.compromise"
    /// A bearer of a tenant's GitLab-shaped leak door was made (never the token).
    case leakTokenCreate = "leak_token.create"
    case leakTokenRevoke = "leak_token.revoke"

    // Findings and posture.
    /// A detection rule raised a finding (`details`: the finding, its kind and severity, the facts it saw).
    case findingRaise = "finding.raise"
    /// A finding was resolved: its cause went away (actor `lanyard:detector`) or a person resolved it.
    case findingResolve = "finding.resolve"
    case findingAcknowledge = "finding.acknowledge"
    /// A finding was suppressed with a reason until a date.
    case findingSuppress = "finding.suppress"
    /// A suppressed finding's date passed: it is open again.
    case findingReopen = "finding.reopen"
    /// A finding's remediation was applied (the remediation's own event follows, such as `identity.suspend`).
    case findingRemediate = "finding.remediate"

    // The console.
    /// A person signed in to the console (`details`: how — `sso` or `admin-token` —, email, role; target the session).
    case consoleSignIn = "console.signin"
    /// A console sign-in was refused (`details.reason`: a wrong `state`, an ID token that failed a check, no role).
    case consoleSignInRefuse = "console.signin.refuse"
    case consoleSignOut = "console.signout"
    /// A tenant's console SSO configuration was set (never the client secret).
    case ssoSet = "sso.set"
    case ssoRemove = "sso.remove"

    // The MCP gateway.
    /// An upstream MCP server was registered behind a tenant's gateway (`details`: its URL and whether its tool
    /// annotations are trusted).
    case mcpServerAdd = "mcp_server.add"
    case mcpServerRemove = "mcp_server.remove"
    /// One MCP call decided at the gateway (`tools/call`, `resources/read`, `prompts/get`), written before anything is
    /// forwarded (`details`: server, method, name, arguments digest, secrets found, decision, policies, `records`).
    case mcpCall = "mcp.call"
    /// What came back for a call that was forwarded (`details`: outcome, result bytes, latency, secrets redacted).
    case mcpResult = "mcp.result"
    /// A `tools/list` answered with only the tools the agent may call (`details`: listed and hidden counts).
    case mcpList = "mcp.list"
    /// A request to the gateway refused before any decision: no or a wrong token, a malformed or oversize message, a
    /// batch, a header that disagrees with the body, an unknown method (`details.reason`).
    case mcpRefuse = "mcp.refuse"

    // Policies and decisions.
    case policyPush = "policy.push"
    case policyLink = "policy.link"
    case policyUnlink = "policy.unlink"
    case policyRollback = "policy.rollback"
    case policyTest = "policy.test"
    case entitiesUpsert = "entities.upsert"
    case entitiesReplace = "entities.replace"
    case entitiesDelete = "entities.delete"
    /// One AuthZEN evaluation (the decision log).
    case authzEvaluation = "authz.evaluation"
    /// One AuthZEN batch of evaluations.
    case authzEvaluations = "authz.evaluations"
    /// One AuthZEN search.
    case authzSearch = "authz.search"

    /// Whether the event records a refusal (an attempt that was turned down), not a change.
    public var isRefusal: Bool {
        switch self {
        case .credentialRefuse, .svidRefuse, .adminDeny, .accessRequestRefuse, .leakRefuse, .consoleSignInRefuse, .mcpRefuse: true
        default: false
        }
    }
}

extension AuditEvent {
    /// An event whose action comes from the catalogue; see `AuditEvent.init(sequence:tenant:at:actor:action:…)`.
    public init(
        sequence: Int64 = 0, tenant: String, at: Date, actor: String, action: AuditAction, target: String,
        before: JSONValue? = nil, after: JSONValue? = nil, details: [String: String] = [:], secrets: [String: String] = [:]
    ) {
        self.init(
            sequence: sequence, tenant: tenant, at: at, actor: actor, action: action.rawValue, target: target, before: before,
            after: after, details: details, secrets: secrets)
    }
}
