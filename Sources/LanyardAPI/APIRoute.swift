/// One operation of Lanyard's HTTP API: a method and a path template in OpenAPI's form (`/t/{tenant}/v1/identities/{id}`).
///
/// The catalogue below is the one place route paths and their admin actions are written: the server registers its
/// handlers and gates them from it, the client builds its request paths from it, and a test checks it against
/// `openapi.yaml` operation by operation (path, method and `x-lanyard-action`).
public struct APIRoute: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP methods the API uses.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
    }

    public let method: Method
    /// The path template: literal segments and `{name}` parameters.
    public let template: String
    /// The admin action the admin policies decide before the operation runs (`x-lanyard-action` in `openapi.yaml`);
    /// `nil` for the operations that are not authorized by them (health, discovery, the token endpoint, SVIDs, the
    /// published audit log). The server's gate reads it from here, so an operation cannot be registered under one
    /// action and documented under another.
    public let action: AdminAction?

    init(_ method: Method, _ template: String, action: AdminAction? = nil) {
        self.method = method
        self.template = template
        self.action = action
    }

    public var description: String { "\(method.rawValue) \(template)" }

    /// The names of the template's parameters, in order.
    public var parameters: [String] {
        segments.compactMap { Self.parameter($0).map(String.init) }
    }

    /// The template in the router's form: `t/:tenant/v1/identities/:id` (captures as `:name`, no leading slash).
    public var routerPattern: String {
        segments.map { segment in Self.parameter(segment).map { ":" + $0 } ?? String(segment) }.joined(separator: "/")
    }

    /// The path of one request: `values` in place of the parameters, in order, each percent-encoded as one path
    /// segment by ``PercentEncoding/encode(_:)`` (so a `/` in a value can never reach another route; the server
    /// decodes the segment back).
    ///
    /// - Precondition: as many values as ``parameters``; missing ones are left as empty segments.
    public func path(_ values: String...) -> String {
        filled(values)
    }

    /// The template after its tenant prefix `/t/{tenant}` (`/oauth2/token`): where the operation is under a tenant's
    /// issuer URL (`{public URL}/t/{tenant}`), for discovery documents and the audiences of client assertions. The
    /// whole template for an operation outside a tenant.
    public var pathUnderIssuer: String {
        let prefix = "/t/{tenant}"
        return template.hasPrefix(prefix + "/") ? String(template.dropFirst(prefix.count)) : template
    }

    /// One request's method and path (``path(_:)`` filled in).
    public struct Target: Sendable, Hashable {
        public let method: Method
        public let path: String
    }

    /// The method and the path of one request: `values` in place of the parameters (see ``path(_:)``).
    public func target(_ values: String...) -> Target {
        Target(method: method, path: filled(values))
    }

    private func filled(_ values: [String]) -> String {
        var remaining = values[...]
        let filled = segments.map { segment in
            Self.parameter(segment) == nil ? String(segment) : PercentEncoding.encode(remaining.popFirst() ?? "")
        }
        return "/" + filled.joined(separator: "/")
    }

    private var segments: [Substring] { template.split(separator: "/", omittingEmptySubsequences: true) }

    /// The name of a `{name}` segment, or `nil` for a literal one.
    private static func parameter(_ segment: Substring) -> Substring? {
        segment.hasPrefix("{") && segment.hasSuffix("}") ? segment.dropFirst().dropLast() : nil
    }
}

extension APIRoute {
    public static let health = APIRoute(.get, "/healthz")
    public static let ready = APIRoute(.get, "/readyz")
    public static let metrics = APIRoute(.get, "/metrics")
    public static let tenantList = APIRoute(.get, "/v1/tenants", action: .tenantList)
    public static let tenantCreate = APIRoute(.post, "/v1/tenants", action: .tenantCreate)
    public static let whoami = APIRoute(.get, "/v1/whoami", action: .whoami)
    public static let adminPoliciesShow = APIRoute(.get, "/v1/admin/policies", action: .adminPoliciesShow)
    public static let platformTokenList = APIRoute(.get, "/v1/admin/tokens", action: .adminTokenList)
    public static let platformTokenCreate = APIRoute(.post, "/v1/admin/tokens", action: .adminTokenCreate)
    public static let platformTokenRevoke = APIRoute(.delete, "/v1/admin/tokens/{token}", action: .adminTokenRevoke)
    public static let adminTokenList = APIRoute(.get, "/t/{tenant}/v1/admin/tokens", action: .adminTokenList)
    public static let adminTokenCreate = APIRoute(.post, "/t/{tenant}/v1/admin/tokens", action: .adminTokenCreate)
    public static let adminTokenRevoke = APIRoute(.delete, "/t/{tenant}/v1/admin/tokens/{token}", action: .adminTokenRevoke)
    public static let adminPolicyRead = APIRoute(.get, "/t/{tenant}/v1/admin/policies", action: .adminPolicyRead)
    public static let adminPolicyPush = APIRoute(.put, "/t/{tenant}/v1/admin/policies", action: .adminPolicyPush)
    public static let scimTokenList = APIRoute(.get, "/t/{tenant}/v1/scim/tokens", action: .scimTokenList)
    public static let scimTokenCreate = APIRoute(.post, "/t/{tenant}/v1/scim/tokens", action: .scimTokenCreate)
    public static let scimTokenRevoke = APIRoute(.delete, "/t/{tenant}/v1/scim/tokens/{id}", action: .scimTokenRevoke)
    public static let tenantSettings = APIRoute(.put, "/t/{tenant}/v1/settings", action: .tenantSettings)
    public static let userList = APIRoute(.get, "/t/{tenant}/v1/users", action: .userList)
    public static let userRead = APIRoute(.get, "/t/{tenant}/v1/users/{user}", action: .userRead)
    public static let groupList = APIRoute(.get, "/t/{tenant}/v1/groups", action: .groupList)
    public static let groupRead = APIRoute(.get, "/t/{tenant}/v1/groups/{group}", action: .groupRead)
    public static let identityList = APIRoute(.get, "/t/{tenant}/v1/identities", action: .identityList)
    public static let identityRegister = APIRoute(.post, "/t/{tenant}/v1/identities", action: .identityRegister)
    public static let identityRead = APIRoute(.get, "/t/{tenant}/v1/identities/{id}", action: .identityRead)
    public static let identityExtend = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/extend", action: .identityExtend)
    public static let identitySuspend = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/suspend", action: .identitySuspend)
    public static let identityResume = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/resume", action: .identityResume)
    public static let identityOffboard = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/offboard", action: .identityOffboard)
    public static let identityTransfer = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/transfer", action: .identityTransfer)
    public static let identityGraduate = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/graduate", action: .identityGraduate)
    public static let findingList = APIRoute(.get, "/t/{tenant}/v1/findings", action: .findingList)
    public static let findingEvaluate = APIRoute(.post, "/t/{tenant}/v1/findings/evaluate", action: .findingEvaluate)
    public static let findingRead = APIRoute(.get, "/t/{tenant}/v1/findings/{id}", action: .findingRead)
    public static let findingAcknowledge = APIRoute(.post, "/t/{tenant}/v1/findings/{id}/acknowledge", action: .findingUpdate)
    public static let findingSuppress = APIRoute(.post, "/t/{tenant}/v1/findings/{id}/suppress", action: .findingUpdate)
    public static let findingResolve = APIRoute(.post, "/t/{tenant}/v1/findings/{id}/resolve", action: .findingUpdate)
    public static let findingRemediate = APIRoute(.post, "/t/{tenant}/v1/findings/{id}/remediate", action: .findingRemediate)
    public static let postureReport = APIRoute(.get, "/t/{tenant}/v1/posture", action: .postureReport)
    public static let entitlementList = APIRoute(.get, "/t/{tenant}/v1/entitlements", action: .entitlementList)
    public static let entitlementGrant = APIRoute(.post, "/t/{tenant}/v1/entitlements", action: .entitlementGrant)
    public static let entitlementRead = APIRoute(.get, "/t/{tenant}/v1/entitlements/{id}", action: .entitlementRead)
    public static let entitlementRevoke = APIRoute(.post, "/t/{tenant}/v1/entitlements/{id}/revoke", action: .entitlementRevoke)
    public static let accessRequestList = APIRoute(.get, "/t/{tenant}/v1/access-requests", action: .accessRequestList)
    public static let accessRequestCreate = APIRoute(.post, "/t/{tenant}/v1/access-requests", action: .accessRequestCreate)
    public static let accessRequestRead = APIRoute(.get, "/t/{tenant}/v1/access-requests/{id}", action: .accessRequestRead)
    public static let accessRequestApprove = APIRoute(.post, "/t/{tenant}/v1/access-requests/{id}/approve", action: .accessRequestApprove)
    public static let accessRequestDeny = APIRoute(.post, "/t/{tenant}/v1/access-requests/{id}/deny", action: .accessRequestDeny)
    public static let accessRequestCancel = APIRoute(.post, "/t/{tenant}/v1/access-requests/{id}/cancel", action: .accessRequestCancel)
    public static let accessReport = APIRoute(.get, "/t/{tenant}/v1/access-report", action: .accessReport)
    public static let accessPolicyRead = APIRoute(.get, "/t/{tenant}/v1/access-policy", action: .accessPolicyRead)
    public static let accessPolicySet = APIRoute(.put, "/t/{tenant}/v1/access-policy", action: .accessPolicySet)
    public static let breakGlassList = APIRoute(.get, "/t/{tenant}/v1/breakglass", action: .breakGlassList)
    public static let breakGlassOpen = APIRoute(.post, "/t/{tenant}/v1/breakglass", action: .breakGlassOpen)
    public static let breakGlassRead = APIRoute(.get, "/t/{tenant}/v1/breakglass/{id}", action: .breakGlassRead)
    public static let breakGlassClose = APIRoute(.post, "/t/{tenant}/v1/breakglass/{id}/close", action: .breakGlassClose)
    public static let breakGlassReview = APIRoute(.post, "/t/{tenant}/v1/breakglass/{id}/review", action: .breakGlassReview)
    public static let reviewList = APIRoute(.get, "/t/{tenant}/v1/reviews", action: .reviewList)
    public static let reviewStart = APIRoute(.post, "/t/{tenant}/v1/reviews", action: .reviewStart)
    public static let reviewRead = APIRoute(.get, "/t/{tenant}/v1/reviews/{id}", action: .reviewRead)
    public static let reviewItems = APIRoute(.get, "/t/{tenant}/v1/reviews/{id}/items", action: .reviewRead)
    public static let reviewScheduleList = APIRoute(.get, "/t/{tenant}/v1/review-schedules", action: .reviewScheduleList)
    public static let reviewScheduleCreate = APIRoute(.post, "/t/{tenant}/v1/review-schedules", action: .reviewScheduleCreate)
    public static let reviewScheduleDelete = APIRoute(.delete, "/t/{tenant}/v1/review-schedules/{id}", action: .reviewScheduleDelete)
    public static let reviewDecide = APIRoute(.post, "/t/{tenant}/v1/reviews/{id}/items/{item}/decide", action: .reviewDecide)
    public static let leakGitHub = APIRoute(.post, "/v1/leaks/github")
    public static let leakList = APIRoute(.get, "/t/{tenant}/v1/leaks", action: .leakList)
    public static let leakReport = APIRoute(.post, "/t/{tenant}/v1/leaks", action: .leakReport)
    public static let leakTokenList = APIRoute(.get, "/t/{tenant}/v1/leaks/door-tokens", action: .leakTokenList)
    public static let leakTokenCreate = APIRoute(.post, "/t/{tenant}/v1/leaks/door-tokens", action: .leakTokenCreate)
    public static let leakTokenRevoke = APIRoute(.delete, "/t/{tenant}/v1/leaks/door-tokens/{id}", action: .leakTokenRevoke)
    public static let gitLabTokenTypes = APIRoute(.get, "/t/{tenant}/leaks/gitlab/v1/revocable_token_types")
    public static let gitLabRevokeTokens = APIRoute(.post, "/t/{tenant}/leaks/gitlab/v1/revoke_tokens")
    public static let identityTrustAdd = APIRoute(.post, "/t/{tenant}/v1/identities/{id}/trusts", action: .identityTrustAdd)
    public static let identityTrustList = APIRoute(.get, "/t/{tenant}/v1/identities/{id}/trusts", action: .identityTrustList)
    public static let identityTrustRemove = APIRoute(.delete, "/t/{tenant}/v1/identities/{id}/trusts/{trust}", action: .identityTrustRemove)
    public static let templateList = APIRoute(.get, "/t/{tenant}/v1/templates", action: .templateList)
    public static let templateCreate = APIRoute(.post, "/t/{tenant}/v1/templates", action: .templateCreate)
    public static let templateRead = APIRoute(.get, "/t/{tenant}/v1/templates/{name}", action: .templateRead)
    public static let auditSearch = APIRoute(.get, "/t/{tenant}/v1/audit", action: .auditSearch)
    public static let auditLeaves = APIRoute(.get, "/t/{tenant}/v1/audit/leaves", action: .auditLeaves)
    public static let auditProof = APIRoute(.get, "/t/{tenant}/v1/audit/proof", action: .auditProof)
    public static let auditConsistency = APIRoute(.get, "/t/{tenant}/v1/audit/consistency", action: .auditConsistency)
    public static let auditCheckpointList = APIRoute(.get, "/t/{tenant}/v1/audit/checkpoints", action: .auditCheckpointList)
    public static let auditCheckpointSign = APIRoute(.post, "/t/{tenant}/v1/audit/checkpoints", action: .auditCheckpointSign)
    public static let auditPrune = APIRoute(.post, "/t/{tenant}/v1/audit/prune", action: .auditPrune)
    public static let publishedCheckpoint = APIRoute(.get, "/t/{tenant}/audit/checkpoint")
    public static let publishedLogKey = APIRoute(.get, "/t/{tenant}/audit/log-key")
    public static let credentialList = APIRoute(.get, "/t/{tenant}/v1/credentials", action: .credentialList)
    public static let credentialRevoke = APIRoute(.post, "/t/{tenant}/v1/credentials/revoke", action: .credentialRevoke)
    public static let taskOpen = APIRoute(.post, "/t/{tenant}/v1/tasks", action: .taskOpen)
    public static let taskRead = APIRoute(.get, "/t/{tenant}/v1/tasks/{id}", action: .taskRead)
    public static let taskEnd = APIRoute(.post, "/t/{tenant}/v1/tasks/{id}/end", action: .taskEnd)
    public static let keyList = APIRoute(.get, "/t/{tenant}/v1/keys", action: .keyList)
    public static let keyRotate = APIRoute(.post, "/t/{tenant}/v1/keys/rotate", action: .keyRotate)
    public static let openIDConfiguration = APIRoute(.get, "/t/{tenant}/.well-known/openid-configuration")
    public static let jwks = APIRoute(.get, "/t/{tenant}/.well-known/jwks.json")
    public static let token = APIRoute(.post, "/t/{tenant}/oauth2/token")
    public static let introspect = APIRoute(.post, "/t/{tenant}/oauth2/introspect", action: .credentialIntrospect)
    public static let revoke = APIRoute(.post, "/t/{tenant}/oauth2/revoke", action: .credentialRevoke)
    public static let jwtSVID = APIRoute(.post, "/t/{tenant}/spiffe/jwt-svid")
    public static let x509SVID = APIRoute(.post, "/t/{tenant}/spiffe/x509-svid")
    public static let spiffeBundle = APIRoute(.get, "/t/{tenant}/spiffe/bundle")
    public static let spiffeBundlePEM = APIRoute(.get, "/t/{tenant}/spiffe/bundle.pem")
    public static let policyRead = APIRoute(.get, "/t/{tenant}/v1/policies", action: .policyRead)
    public static let policyPush = APIRoute(.put, "/t/{tenant}/v1/policies", action: .policyPush)
    public static let policyHistory = APIRoute(.get, "/t/{tenant}/v1/policies/versions", action: .policyHistory)
    public static let policyVersion = APIRoute(.get, "/t/{tenant}/v1/policies/versions/{version}", action: .policyHistory)
    public static let policyValidate = APIRoute(.post, "/t/{tenant}/v1/policies/validate", action: .policyValidate)
    public static let policyTest = APIRoute(.post, "/t/{tenant}/v1/policies/test", action: .policyTest)
    public static let policyLink = APIRoute(.post, "/t/{tenant}/v1/policies/links", action: .policyLink)
    public static let policyUnlink = APIRoute(.delete, "/t/{tenant}/v1/policies/links/{link}", action: .policyUnlink)
    public static let policyRollback = APIRoute(.post, "/t/{tenant}/v1/policies/rollback", action: .policyRollback)
    public static let entityRead = APIRoute(.get, "/t/{tenant}/v1/entities", action: .entityRead)
    public static let entityReplace = APIRoute(.put, "/t/{tenant}/v1/entities", action: .entityReplace)
    public static let entityUpsert = APIRoute(.post, "/t/{tenant}/v1/entities", action: .entityUpsert)
    public static let entityDelete = APIRoute(.delete, "/t/{tenant}/v1/entities/{type}/{id}", action: .entityDelete)
    public static let ownerList = APIRoute(.get, "/t/{tenant}/v1/owners", action: .ownerList)
    public static let ownerDeactivate = APIRoute(.post, "/t/{tenant}/v1/owners/{owner}/deactivate", action: .ownerDeactivate)
    public static let ownerActivate = APIRoute(.post, "/t/{tenant}/v1/owners/{owner}/activate", action: .ownerActivate)
    public static let pepTokenCreate = APIRoute(.post, "/t/{tenant}/v1/pep-tokens", action: .pepTokenCreate)
    public static let webhookList = APIRoute(.get, "/t/{tenant}/v1/webhooks", action: .webhookList)
    public static let webhookAdd = APIRoute(.post, "/t/{tenant}/v1/webhooks", action: .webhookAdd)
    public static let webhookDelete = APIRoute(.delete, "/t/{tenant}/v1/webhooks/{id}", action: .webhookDelete)
    public static let webhookTest = APIRoute(.post, "/t/{tenant}/v1/webhooks/{id}/test", action: .webhookTest)
    public static let webhookDisable = APIRoute(.post, "/t/{tenant}/v1/webhooks/{id}/disable", action: .webhookDisable)
    public static let webhookEnable = APIRoute(.post, "/t/{tenant}/v1/webhooks/{id}/enable", action: .webhookEnable)
    public static let webhookRotateSecret = APIRoute(.post, "/t/{tenant}/v1/webhooks/{id}/rotate-secret", action: .webhookRotateSecret)
    public static let webhookDeliveries = APIRoute(.get, "/t/{tenant}/v1/webhook-deliveries", action: .webhookDeliveries)
    public static let webhookRedeliver = APIRoute(.post, "/t/{tenant}/v1/webhook-deliveries/{id}/redeliver", action: .webhookRedeliver)
    public static let authzenConfiguration = APIRoute(.get, "/t/{tenant}/.well-known/authzen-configuration")
    public static let accessEvaluation = APIRoute(.post, "/t/{tenant}/access/v1/evaluation", action: .accessEvaluate)
    public static let accessEvaluations = APIRoute(.post, "/t/{tenant}/access/v1/evaluations", action: .accessEvaluate)
    public static let accessSearchSubject = APIRoute(.post, "/t/{tenant}/access/v1/search/subject", action: .accessSearch)
    public static let accessSearchResource = APIRoute(.post, "/t/{tenant}/access/v1/search/resource", action: .accessSearch)
    public static let accessSearchAction = APIRoute(.post, "/t/{tenant}/access/v1/search/action", action: .accessSearch)

    public static let ssoRead = APIRoute(.get, "/t/{tenant}/v1/sso", action: .ssoRead)
    public static let ssoSet = APIRoute(.put, "/t/{tenant}/v1/sso", action: .ssoUpdate)
    public static let ssoRemove = APIRoute(.delete, "/t/{tenant}/v1/sso", action: .ssoUpdate)

    /// RFC 8414 §3.1: the tenant issuer's metadata at the well-known URL with the issuer's path inserted.
    public static let authorizationServerMetadata = APIRoute(.get, "/.well-known/oauth-authorization-server/t/{tenant}")
    /// RFC 6749 §3.1: the authorization endpoint, which refuses every request (no interactive grant for workloads).
    public static let authorize = APIRoute(.get, "/t/{tenant}/oauth2/authorize")
    /// RFC 9728 §3.1: an MCP server's protected resource metadata.
    public static let protectedResourceMetadata = APIRoute(.get, "/.well-known/oauth-protected-resource/t/{tenant}/mcp/{server}")
    /// The MCP gateway's endpoint for one registered server (Streamable HTTP).
    public static let mcpGateway = APIRoute(.post, "/t/{tenant}/mcp/{server}")
    public static let mcpServerList = APIRoute(.get, "/t/{tenant}/v1/mcp/servers", action: .mcpServerList)
    public static let mcpServerAdd = APIRoute(.post, "/t/{tenant}/v1/mcp/servers", action: .mcpServerAdd)
    public static let mcpServerRead = APIRoute(.get, "/t/{tenant}/v1/mcp/servers/{name}", action: .mcpServerRead)
    public static let mcpServerRemove = APIRoute(.delete, "/t/{tenant}/v1/mcp/servers/{name}", action: .mcpServerRemove)

    /// Every operation of the API, in the order of `openapi.yaml` but for the last line.
    public static let all: [APIRoute] = [
        health, ready, metrics, tenantList, tenantCreate, whoami, adminPoliciesShow, platformTokenList, platformTokenCreate, platformTokenRevoke,
        adminTokenList, adminTokenCreate, adminTokenRevoke, scimTokenList, scimTokenCreate, scimTokenRevoke, tenantSettings, userList, userRead, groupList,
        groupRead,
        adminPolicyRead, adminPolicyPush,
        identityList, identityRegister, identityRead, identityExtend,
        identitySuspend, identityResume, identityOffboard, identityTransfer, identityGraduate, identityTrustAdd, identityTrustList, identityTrustRemove,
        templateList,
        templateCreate, templateRead,
        findingList, entitlementList, entitlementGrant, entitlementRead, entitlementRevoke, accessRequestList, accessRequestCreate,
        accessRequestRead, accessRequestApprove, accessRequestDeny, accessRequestCancel, auditSearch, auditLeaves, auditProof, auditConsistency,
        auditCheckpointList, auditCheckpointSign, auditPrune, publishedCheckpoint,
        publishedLogKey,
        credentialList, credentialRevoke, taskOpen, taskRead, taskEnd, keyList, keyRotate, openIDConfiguration, jwks, token, introspect, revoke, jwtSVID,
        x509SVID, spiffeBundle, spiffeBundlePEM, policyRead, policyPush, policyHistory, policyVersion, policyValidate, policyTest, policyLink, policyUnlink,
        policyRollback, entityRead, entityReplace, entityUpsert, entityDelete, ownerList, ownerDeactivate, ownerActivate, pepTokenCreate, webhookList,
        webhookAdd, webhookDelete, webhookTest, webhookDeliveries, webhookRedeliver, authzenConfiguration, accessEvaluation, accessEvaluations,
        accessSearchSubject, accessSearchResource, accessSearchAction,
        // Issue 16's webhook hardening.
        webhookDisable, webhookEnable, webhookRotateSecret,
        // Issue 17's break-glass.
        breakGlassList, breakGlassOpen, breakGlassRead, breakGlassClose, breakGlassReview,
        // Issue 17's recertification campaigns.
        reviewList, reviewStart, reviewRead, reviewItems, reviewDecide,
        // Issue 17's access policy and report.
        accessPolicyRead, accessPolicySet, accessReport,
        // Issue 17's scheduled campaigns.
        reviewScheduleList, reviewScheduleCreate, reviewScheduleDelete,
        // Issue 18's leak intake.
        leakGitHub, leakList, leakReport, leakTokenList, leakTokenCreate, leakTokenRevoke, gitLabTokenTypes, gitLabRevokeTokens,
        // Issue 19's findings workflow.
        findingEvaluate, findingRead, findingAcknowledge, findingSuppress, findingResolve, findingRemediate,
        // Issue 19's posture report.
        postureReport,
        // Issue 20's console sign-in configuration.
        ssoRead, ssoSet, ssoRemove,
        // Issue 21's MCP gateway: discovery and the registry of upstream servers.
        authorizationServerMetadata, authorize, protectedResourceMetadata, mcpGateway, mcpServerList, mcpServerAdd, mcpServerRead,
        mcpServerRemove,
    ]
}
