/// Every operation of Lanyard's admin API, as an action of the built-in `Lanyard::Admin` Cedar schema.
///
/// Each route of the admin API names exactly one of these (`openapi.yaml` carries it as `x-lanyard-action`),
/// and nothing runs before the admin policies allow it. The raw value is the Cedar action id:
/// `Lanyard::Admin::Action::"identity.extend"`.
public enum AdminAction: String, Sendable, Hashable, CaseIterable {
    // Platform
    case tenantCreate = "tenant.create"
    case tenantList = "tenant.list"
    case whoami = "whoami"
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

    /// Action groups of the schema: a policy may name a group (`action in Lanyard::Admin::Action::"read"`).
    public enum Group: String, Sendable, CaseIterable {
        /// Reads that change nothing.
        case read
        /// Authorization decisions asked by an enforcement point.
        case decide
        /// Operations above any one tenant; only a platform administrator performs them, whatever the policies say.
        case platform
    }

    /// What the action is performed on, which decides the `resource` of the Cedar request.
    public enum TargetKind: Sendable, Hashable {
        /// The tenant of the path.
        case tenant
        /// The identity named by the path (its owner is read from the inventory).
        case identity
        /// The platform: no tenant.
        case platform
        /// The caller's own tenant (lists filtered to what the caller may see, `whoami`).
        case caller
    }

    /// The groups this action belongs to.
    public var groups: Set<Group> {
        switch self {
        case .tenantCreate: [.platform]
        case .tenantList, .identityList, .identityRead, .identityTrustList, .templateList, .templateRead, .auditSearch, .auditLeaves,
            .auditProof, .auditConsistency, .auditCheckpointList, .credentialList, .taskRead, .keyList, .policyRead, .policyHistory,
            .entityRead, .ownerList, .adminTokenList, .adminPolicyRead:
            [.read]
        case .accessEvaluate, .accessSearch: [.decide]
        default: []
        }
    }

    /// What the action acts on.
    public var target: TargetKind {
        switch self {
        case .tenantCreate: .platform
        case .tenantList, .whoami, .adminPoliciesShow: .caller
        case .identityRead, .identityExtend, .identitySuspend, .identityResume, .identityOffboard, .identityTrustAdd,
            .identityTrustList, .identityTrustRemove:
            .identity
        default: .tenant
        }
    }

    /// The Cedar entity type of actions.
    public static let cedarType = "Lanyard::Admin::Action"
}
