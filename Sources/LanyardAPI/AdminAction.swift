/// Every operation of Lanyard's admin API, as an action of the built-in `Lanyard::Admin` Cedar schema.
///
/// Each operation of the route catalogue that is authorized by the admin policies names exactly one of these
/// (``APIRoute/action``; `openapi.yaml` carries the same name as `x-lanyard-action`, and a test checks they agree),
/// and nothing runs before the admin policies allow it. The raw value is the Cedar action id:
/// `Lanyard::Admin::Action::"identity.extend"`. Its Cedar groups and the kind of resource it acts on are
/// `LanyardCore`'s (`AdminAction+Cedar.swift`).
public enum AdminAction: String, Sendable, Hashable, CaseIterable {
    // Platform
    case tenantCreate = "tenant.create"
    case tenantList = "tenant.list"
    case whoami = "whoami"
    /// Changes a tenant's settings (`ownerDirectory`).
    case tenantSettings = "tenant.settings"
    case adminPoliciesShow = "admin.policies.show"
    // Identities
    case identityRegister = "identity.register"
    case identityList = "identity.list"
    case identityRead = "identity.read"
    case identityExtend = "identity.extend"
    case identitySuspend = "identity.suspend"
    case identityResume = "identity.resume"
    case identityOffboard = "identity.offboard"
    case identityTrustAdd = "identity.trust.add"
    case identityTrustList = "identity.trust.list"
    case identityTrustRemove = "identity.trust.remove"
    case identityTransfer = "identity.transfer"
    case identityGraduate = "identity.graduate"
    // Findings
    case findingList = "finding.list"
    case findingRead = "finding.read"
    /// Acknowledges, suppresses or resolves a finding.
    case findingUpdate = "finding.update"
    /// Applies a finding's remediation (suspend, shorten, revoke a grant, start a review); the remediation's own
    /// operation is authorized too.
    case findingRemediate = "finding.remediate"
    /// Runs the detection rules now instead of at the next pass.
    case findingEvaluate = "finding.evaluate"
    /// The posture report of a tenant, an owner or an identity.
    case postureReport = "posture.report"
    // Entitlements
    case entitlementGrant = "entitlement.grant"
    case entitlementList = "entitlement.list"
    case entitlementRead = "entitlement.read"
    case entitlementRevoke = "entitlement.revoke"
    // Access requests
    case accessRequestCreate = "access_request.create"
    case accessRequestList = "access_request.list"
    case accessRequestRead = "access_request.read"
    case accessRequestApprove = "access_request.approve"
    case accessRequestDeny = "access_request.deny"
    case accessRequestCancel = "access_request.cancel"
    case accessReport = "access_request.report"
    case accessPolicyRead = "access_policy.read"
    case accessPolicySet = "access_policy.set"
    // Break-glass
    case breakGlassOpen = "breakglass.open"
    case breakGlassList = "breakglass.list"
    case breakGlassRead = "breakglass.read"
    case breakGlassClose = "breakglass.close"
    case breakGlassReview = "breakglass.review"

    // Recertification campaigns
    case reviewScheduleCreate = "review.schedule.create"
    case reviewScheduleList = "review.schedule.list"
    case reviewScheduleDelete = "review.schedule.delete"
    case reviewStart = "review.start"
    case reviewList = "review.list"
    case reviewRead = "review.read"
    case reviewDecide = "review.decide"
    // Leak intake
    case leakReport = "leak.report"
    case leakList = "leak.list"
    /// Bearers of the tenant's GitLab-shaped leak door.
    case leakTokenCreate = "leak.token.create"
    case leakTokenList = "leak.token.list"
    case leakTokenRevoke = "leak.token.revoke"
    // Templates
    case templateList = "template.list"
    case templateRead = "template.read"
    case templateCreate = "template.create"
    // Audit
    case auditSearch = "audit.search"
    case auditLeaves = "audit.leaves"
    case auditProof = "audit.proof"
    case auditConsistency = "audit.consistency"
    case auditCheckpointList = "audit.checkpoint.list"
    case auditCheckpointSign = "audit.checkpoint.sign"
    case auditPrune = "audit.prune"
    // Credentials, tasks and keys
    case credentialList = "credential.list"
    case credentialRevoke = "credential.revoke"
    case credentialIntrospect = "credential.introspect"
    case taskOpen = "task.open"
    case taskRead = "task.read"
    case taskEnd = "task.end"
    case keyList = "key.list"
    case keyRotate = "key.rotate"
    // The decision point's policy store, entity data and owners
    case policyRead = "policy.read"
    case policyPush = "policy.push"
    case policyHistory = "policy.history"
    case policyValidate = "policy.validate"
    case policyTest = "policy.test"
    case policyLink = "policy.link"
    case policyUnlink = "policy.unlink"
    case policyRollback = "policy.rollback"
    case entityRead = "entity.read"
    case entityReplace = "entity.replace"
    case entityUpsert = "entity.upsert"
    case entityDelete = "entity.delete"
    case ownerList = "owner.list"
    case ownerDeactivate = "owner.deactivate"
    case ownerActivate = "owner.activate"
    // Decisions (AuthZEN)
    case accessEvaluate = "access.evaluate"
    case accessSearch = "access.search"
    // Administrator tokens and the tenant's admin policies
    case pepTokenCreate = "pep_token.create"
    case adminTokenCreate = "admin.token.create"
    case adminTokenList = "admin.token.list"
    case adminTokenRevoke = "admin.token.revoke"
    case adminPolicyRead = "admin.policy.read"
    case adminPolicyPush = "admin.policy.push"
    // Webhooks
    case webhookAdd = "webhook.add"
    case webhookList = "webhook.list"
    case webhookDelete = "webhook.delete"
    case webhookTest = "webhook.test"
    case webhookDeliveries = "webhook.deliveries"
    case webhookRedeliver = "webhook.redeliver"
    case webhookDisable = "webhook.disable"
    case webhookEnable = "webhook.enable"
    case webhookRotateSecret = "webhook.rotate_secret"
    // The console's sign-in through the tenant's OpenID Provider
    case ssoRead = "sso.read"
    /// Sets or removes the tenant's SSO configuration.
    case ssoUpdate = "sso.update"
    // The MCP gateway's registry of upstream servers
    case mcpServerList = "mcp.server.list"
    case mcpServerRead = "mcp.server.read"
    /// Registers an upstream MCP server behind the tenant's gateway.
    case mcpServerAdd = "mcp.server.add"
    case mcpServerRemove = "mcp.server.remove"
    // SCIM provisioning tokens
    case scimTokenCreate = "scim.token.create"
    case scimTokenList = "scim.token.list"
    case scimTokenRevoke = "scim.token.revoke"
    // The directory (people and groups provisioned over SCIM), read-only
    case userList = "user.list"
    case userRead = "user.read"
    case groupList = "group.list"
    case groupRead = "group.read"
}
