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

    public init(
        name: String, description: String, defaultTTL: TimeSpan, maxTTL: TimeSpan,
        environments: [DeploymentEnvironment], maxDataClass: DataClass, stage: LifecycleStage,
        allowedScopes: [String], approvalScopes: [String], builtin: Bool
    ) {
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
