public import LanyardModel
/// `POST /t/{tenant}/v1/templates`: creates a custom template.
public struct CreateTemplateRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var name: String
    public var description: String?
    public var defaultTTL: String
    public var maxTTL: String
    public var environments: [String]?
    public var maxDataClass: String?
    public var stage: String?
    public var allowedScopes: [String]?
    public var approvalScopes: [String]?
    /// Default access-token lifetime (default 10m).
    public var tokenTTL: String?
    /// Longest access-token lifetime (default 1h).
    public var maxTokenTTL: String?
    /// Issue tokens only bound to a key with a DPoP proof (RFC 9449); default `false`.
    public var requireDPoP: Bool?
    /// How long an identity stays orphaned after its owner leaves before it is suspended (default 7d; at most 90d).
    public var orphanGracePeriod: String?
    /// How long before expiry owners are notified (spans such as `7d`; at most 5, each at most `maxTTL`); absent:
    /// 7d and 1d (those at most `maxTTL`); empty: no notices.
    public var expiryNotices: [String]?
    /// The directory group (displayName) owners of this template's identities must be in.
    public var ownerGroup: String?
    /// For identities with the `inactivity` offboarding trigger: how long without a credential issued before they are
    /// offboarded (default 30d; at most 3650d).
    public var inactivityPeriod: String?
    /// Scopes granted only while the owner is in a directory group, by group displayName (at most 16 groups, each with
    /// 1–32 scopes in the `allowedScopes` forms).
    public var groupScopes: [String: [String]]?

    public static let allowedFields: Set<String> = [
        "name", "description", "defaultTTL", "maxTTL", "environments", "maxDataClass", "stage",
        "allowedScopes", "approvalScopes", "tokenTTL", "maxTokenTTL", "requireDPoP", "expiryNotices",
        "orphanGracePeriod", "ownerGroup", "inactivityPeriod", "groupScopes",
    ]

    public init(
        name: String, description: String? = nil, defaultTTL: String, maxTTL: String, environments: [String]? = nil,
        maxDataClass: String? = nil, stage: String? = nil, allowedScopes: [String]? = nil,
        approvalScopes: [String]? = nil, tokenTTL: String? = nil, maxTokenTTL: String? = nil,
        requireDPoP: Bool? = nil, orphanGracePeriod: String? = nil, expiryNotices: [String]? = nil, ownerGroup: String? = nil,
        inactivityPeriod: String? = nil, groupScopes: [String: [String]]? = nil
    ) {
        self.groupScopes = groupScopes
        self.inactivityPeriod = inactivityPeriod
        self.ownerGroup = ownerGroup
        self.orphanGracePeriod = orphanGracePeriod
        self.expiryNotices = expiryNotices
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
    }
}

/// A page of a tenant's templates, by name.
public struct TemplateList: Sendable, Hashable, Codable {
    public var templates: [IdentityTemplate]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(templates: [IdentityTemplate], next: String? = nil) {
        self.templates = templates
        self.next = next
    }
}
