/// Defaults and caps that make registering an identity one command with safe values.
public struct IdentityTemplate: Sendable, Hashable, Codable {
    /// Unique within the tenant.
    public var name: String
    public var description: String
    /// Lifetime given when registration names none.
    public var defaultTTL: TimeSpan
    /// Longest lifetime ever allowed, at registration and on every extension (measured from the time of the change).
    public var maxTTL: TimeSpan
    /// Environments an identity of this template may be registered in; the first is the default.
    public var environments: [DeploymentEnvironment]
    /// Highest data class allowed; also the default.
    public var maxDataClass: DataClass
    public var stage: LifecycleStage
    /// Scopes an identity of this template may ask for.
    public var allowedScopes: [String]
    /// Scopes that need an approval before they are granted.
    public var approvalScopes: [String]
    /// Whether this is one of Lanyard's built-in templates.
    public var builtin: Bool
    /// Lifetime of an access token when the request names none.
    public var tokenTTL: TimeSpan
    /// Longest lifetime of an access token.
    public var maxTokenTTL: TimeSpan
    /// Whether access tokens of identities of this template are issued only bound to a key with a DPoP proof
    /// (RFC 9449). Templates stored before this existed decode as `false`.
    public var requireDPoP: Bool
    /// How long an identity of this template stays `orphaned` after its owner leaves before it is suspended, unless
    /// it is transferred to an active owner first. Templates stored before this existed decode with the default.
    public var orphanGracePeriod: TimeSpan
    /// The directory group (its `displayName`) an identity's owner must be in, if any: registration, transfer and
    /// graduation require it, and an owner removed from the group loses the identities of this template (they are
    /// orphaned, as when the owner leaves).
    public var ownerGroup: String?
    /// Scopes granted through directory groups, by group `displayName`: an identity of this template may ask for the
    /// scopes of a group only while its owner is an active member of it, and an owner removed from the group loses
    /// them at once (live credentials carrying them are revoked). Entries use the ``allowedScopes`` forms (exact or
    /// `prefix:*`). Templates stored before this existed decode with none.
    public var groupScopes: [String: [String]]
    /// For identities whose offboarding trigger is `inactivity`: how long without a credential issued (counted from
    /// registration at first) before the sweeper offboards them. Templates stored before this existed decode with the
    /// default.
    public var inactivityPeriod: TimeSpan
    /// How long before an identity's expiry its owner is notified (an `identity.expiring` webhook per lead),
    /// longest first; empty: no notices. At most ``maxExpiryNotices``, each at most ``maxTTL``. Templates stored before
    /// this existed decode with ``defaultExpiryNotices(maxTTL:)``.
    public var expiryNotices: [TimeSpan]

    /// The most expiry-notice leads a template has.
    public static let maxExpiryNotices = 5

    /// The leads a template gets when it names none: 7 days and 1 day, each only when it is at most `maxTTL` (a
    /// template whose identities live a day at most is not told about a week).
    public static func defaultExpiryNotices(maxTTL: TimeSpan) -> [TimeSpan] {
        [TimeSpan.days(7), .days(1)].filter { $0 <= maxTTL }
    }

    /// Token lifetimes used when a stored template predates them.
    public static let defaultTokenTTL = TimeSpan(seconds: 600) ?? .days(1)
    public static let defaultMaxTokenTTL = TimeSpan(seconds: 3600) ?? .days(1)
    /// The inactivity period when a template names none.
    public static let defaultInactivityPeriod = TimeSpan.days(30)
    /// The grace period of an orphaned identity when a template names none.
    public static let defaultOrphanGracePeriod = TimeSpan.days(7)

    public init(
        name: String, description: String, defaultTTL: TimeSpan, maxTTL: TimeSpan,
        environments: [DeploymentEnvironment], maxDataClass: DataClass, stage: LifecycleStage,
        allowedScopes: [String], approvalScopes: [String], builtin: Bool,
        tokenTTL: TimeSpan = IdentityTemplate.defaultTokenTTL, maxTokenTTL: TimeSpan = IdentityTemplate.defaultMaxTokenTTL,
        requireDPoP: Bool = false, orphanGracePeriod: TimeSpan = IdentityTemplate.defaultOrphanGracePeriod, expiryNotices: [TimeSpan]? = nil,
        ownerGroup: String? = nil, inactivityPeriod: TimeSpan = IdentityTemplate.defaultInactivityPeriod, groupScopes: [String: [String]] = [:]
    ) {
        self.ownerGroup = ownerGroup
        self.groupScopes = groupScopes
        self.inactivityPeriod = inactivityPeriod
        self.orphanGracePeriod = orphanGracePeriod
        self.expiryNotices = expiryNotices ?? IdentityTemplate.defaultExpiryNotices(maxTTL: maxTTL)
        self.requireDPoP = requireDPoP
        self.tokenTTL = tokenTTL
        self.maxTokenTTL = maxTokenTTL
        self.name = name
        self.description = description
        self.defaultTTL = defaultTTL
        self.maxTTL = maxTTL
        self.environments = environments
        self.maxDataClass = maxDataClass
        self.stage = stage
        self.allowedScopes = allowedScopes
        self.approvalScopes = approvalScopes
        self.builtin = builtin
    }
}

extension IdentityTemplate {
    private enum CodingKeys: String, CodingKey {
        case name, description, defaultTTL, maxTTL, environments, maxDataClass, stage, allowedScopes, approvalScopes, builtin
        case tokenTTL, maxTokenTTL, requireDPoP, orphanGracePeriod, expiryNotices, ownerGroup, inactivityPeriod, groupScopes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), description: try c.decode(String.self, forKey: .description),
            defaultTTL: try c.decode(TimeSpan.self, forKey: .defaultTTL), maxTTL: try c.decode(TimeSpan.self, forKey: .maxTTL),
            environments: try c.decode([DeploymentEnvironment].self, forKey: .environments),
            maxDataClass: try c.decode(DataClass.self, forKey: .maxDataClass), stage: try c.decode(LifecycleStage.self, forKey: .stage),
            allowedScopes: try c.decode([String].self, forKey: .allowedScopes),
            approvalScopes: try c.decode([String].self, forKey: .approvalScopes), builtin: try c.decode(Bool.self, forKey: .builtin),
            tokenTTL: try c.decodeIfPresent(TimeSpan.self, forKey: .tokenTTL) ?? IdentityTemplate.defaultTokenTTL,
            maxTokenTTL: try c.decodeIfPresent(TimeSpan.self, forKey: .maxTokenTTL) ?? IdentityTemplate.defaultMaxTokenTTL,
            requireDPoP: try c.decodeIfPresent(Bool.self, forKey: .requireDPoP) ?? false,
            orphanGracePeriod: try c.decodeIfPresent(TimeSpan.self, forKey: .orphanGracePeriod) ?? IdentityTemplate.defaultOrphanGracePeriod,
            expiryNotices: try c.decodeIfPresent([TimeSpan].self, forKey: .expiryNotices),
            ownerGroup: try c.decodeIfPresent(String.self, forKey: .ownerGroup),
            inactivityPeriod: try c.decodeIfPresent(TimeSpan.self, forKey: .inactivityPeriod) ?? IdentityTemplate.defaultInactivityPeriod,
            groupScopes: try c.decodeIfPresent([String: [String]].self, forKey: .groupScopes) ?? [:]
        )
    }

    /// Whether `scope` is one this template allows to every identity: listed exactly in ``allowedScopes``, or matched
    /// by a `prefix:*` entry.
    public func allows(scope: String) -> Bool {
        Self.matches(allowedScopes, scope)
    }

    /// Whether `scope` is one this template allows an identity whose owner is in `ownerGroups` (group names):
    /// allowed to every identity, or granted through one of those groups (``groupScopes``).
    public func allows(scope: String, ownerGroups: Set<String>) -> Bool {
        allows(scope: scope) || groupScopes.contains { group, scopes in ownerGroups.contains(group) && Self.matches(scopes, scope) }
    }

    /// The groups through which this template grants `scope`, by name.
    public func groups(granting scope: String) -> [String] {
        groupScopes.filter { Self.matches($0.value, scope) }.keys.sorted()
    }

    /// Whether one of `patterns` (exact scopes or `prefix:*` entries) matches `scope`.
    static func matches(_ patterns: [String], _ scope: String) -> Bool {
        patterns.contains { allowed in
            if allowed == scope { return true }
            if allowed.hasSuffix(":*") {
                let prefix = allowed.dropLast()
                return scope.hasPrefix(prefix) && scope.count > prefix.count
            }
            return false
        }
    }

    /// Whether `scope` needs an approval before it is granted.
    public func needsApproval(scope: String) -> Bool {
        approvalScopes.contains(scope)
    }

    /// The templates every tenant starts with. Their defaults are the safe ones.
    public static let builtins: [IdentityTemplate] = [
        IdentityTemplate(
            name: "prototype", description: "An experiment: sandbox only, internal data at most, short-lived.",
            defaultTTL: .days(14), maxTTL: .days(30), environments: [.sandbox], maxDataClass: .internal,
            stage: .prototype, allowedScopes: ["read"], approvalScopes: [], builtin: true
        ),
        IdentityTemplate(
            name: "agent", description: "An AI agent acting on behalf of its owner.",
            defaultTTL: .days(30), maxTTL: .days(90), environments: [.sandbox, .dev, .staging, .production],
            maxDataClass: .confidential, stage: .managed, allowedScopes: ["read", "write", "tool:*"],
            approvalScopes: ["write"], builtin: true
        ),
        IdentityTemplate(
            name: "pipeline", description: "A CI/CD or data pipeline: build, test and deploy are separate scopes.",
            defaultTTL: .days(30), maxTTL: .days(180), environments: [.dev, .staging, .production, .sandbox],
            maxDataClass: .confidential, stage: .managed, allowedScopes: ["build", "test", "publish", "deploy"],
            approvalScopes: ["publish", "deploy"], builtin: true
        ),
        IdentityTemplate(
            name: "app", description: "An AI-generated internal application or service.",
            defaultTTL: .days(90), maxTTL: .days(365), environments: [.dev, .staging, .production, .sandbox],
            maxDataClass: .confidential, stage: .managed, allowedScopes: ["read", "write"],
            approvalScopes: ["write"], builtin: true
        ),
    ]

    /// The built-in template used when registration names none.
    public static func defaultName(for kind: IdentityKind) -> String {
        switch kind {
        case .prototype: "prototype"
        case .agent: "agent"
        case .pipeline: "pipeline"
        case .app, .service, .tool: "app"
        }
    }
}
