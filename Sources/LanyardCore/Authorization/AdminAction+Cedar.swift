public import LanyardAPI

/// What the admin policies need to know of an action beyond its name: the groups of the `Lanyard::Admin` schema it
/// belongs to, and what it acts on (which decides the `resource` of the Cedar request).
extension AdminAction {
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
            .entityRead, .ownerList, .adminTokenList, .adminPolicyRead, .webhookList, .webhookDeliveries,
            .scimTokenList, .findingList, .findingRead, .postureReport, .userList, .userRead, .groupList, .groupRead, .entitlementList, .entitlementRead,
            .accessRequestList, .accessRequestRead, .breakGlassList, .breakGlassRead, .reviewList, .reviewRead, .accessReport, .accessPolicyRead,
            .reviewScheduleList, .leakList, .leakTokenList, .ssoRead, .mcpServerList, .mcpServerRead:
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
            .identityTrustList, .identityTrustRemove, .identityTransfer, .identityGraduate:
            .identity
        default: .tenant
        }
    }

    /// The Cedar entity type of actions.
    public static let cedarType = "Lanyard::Admin::Action"
}
