/// Which identities and entitlements a ``ReviewCampaign`` covers. Every filter is optional; a `nil` filter matches
/// everything, and a subject is in scope when it matches all filters that are set.
public struct ReviewScope: Sendable, Hashable, Codable {
    public var kinds: Set<IdentityKind>?
    public var environments: Set<DeploymentEnvironment>?
    /// Owners' user names, compared case-insensitively.
    public var owners: Set<String>?
    /// Tiers of entitlements; identities themselves have no tier and match only when this is `nil`.
    public var tiers: Set<AccessTier>?

    /// Creates a scope; with no arguments it covers the whole tenant.
    public init(
        kinds: Set<IdentityKind>? = nil, environments: Set<DeploymentEnvironment>? = nil, owners: Set<String>? = nil, tiers: Set<AccessTier>? = nil
    ) {
        self.kinds = kinds
        self.environments = environments
        self.owners = owners
        self.tiers = tiers
    }

    /// Whether a subject with these attributes is in scope (`tier` is `nil` for an identity).
    public func matches(kind: IdentityKind, environment: DeploymentEnvironment, owner: String, tier: AccessTier? = nil) -> Bool {
        guard covers(kind: kind, environment: environment, owner: owner) else { return false }
        if let tiers {
            guard let tier, tiers.contains(tier) else { return false }
        }
        return true
    }

    /// Whether an identity with these attributes is in scope, or its entitlements may be (the tiers not considered).
    public func covers(kind: IdentityKind, environment: DeploymentEnvironment, owner: String) -> Bool {
        if let kinds, !kinds.contains(kind) { return false }
        if let environments, !environments.contains(environment) { return false }
        if let owners, !owners.contains(where: { $0.lowercased() == owner.lowercased() }) { return false }
        return true
    }
}
