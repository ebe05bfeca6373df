public import Foundation

/// A tenant's rules for access requests and break-glass: how many approvers each tier needs, the longest access each
/// tier may be asked for, and the Cedar policies that approve a request at once (auto-approval).
///
/// A tenant can only tighten the rules built into ``AccessRequest`` and the server: a tier's approvals never drop below
/// the built-in floor (two for a release tier of an identity in production), the owner rules always apply, and a
/// release tier in production is never approved by policy — two people always look at it.
public struct AccessPolicy: Sendable, Hashable, Codable {
    /// Approvals a request needs, by tier text (`deploy`, `data-write`, `tool:NAME`…), 1–``AccessRequest/maxRequiredApprovals``.
    public var approvals: [String: Int]
    /// The longest access a request may ask for, by tier text, in seconds (``durationBounds``).
    public var maxDurations: [String: Int64]
    /// The longest break-glass, in seconds (``breakGlassBounds``); `nil` keeps the built-in 60 minutes.
    public var breakGlassMax: Int64?
    /// Cedar policies over ``autoApproveSchema`` (empty: nothing is approved by policy). A request that a `permit`
    /// allows and no `forbid` refuses is approved at once, recorded as approved by the determining policy.
    public var autoApprove: String
    /// 0 for a tenant that never set one; each change adds one.
    public var version: Int64
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(
        approvals: [String: Int] = [:], maxDurations: [String: Int64] = [:], breakGlassMax: Int64? = nil, autoApprove: String = "",
        version: Int64 = 0, updatedAt: Date? = nil, updatedBy: String? = nil
    ) {
        self.approvals = approvals
        self.maxDurations = maxDurations
        self.breakGlassMax = breakGlassMax
        self.autoApprove = autoApprove
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// A tenant's policy before anyone set one: only the built-in rules.
    public static let builtIn = AccessPolicy()

    /// Shortest and longest per-tier request cap: one minute to 30 days.
    public static let durationBounds: ClosedRange<Int64> = 60...(30 * 86_400)
    /// Shortest and longest break-glass cap: one minute to 4 hours.
    public static let breakGlassBounds: ClosedRange<Int64> = 60...(4 * 3600)
    /// The most tiers a policy names in `approvals` or `maxDurations`.
    public static let maxTiers = 64
    /// The largest auto-approval policy text, in bytes.
    public static let maxAutoApproveBytes = 64 * 1024

    /// The approvals a request of `tier` needs for an identity in `environment`: the tenant's number, never below the
    /// built-in floor (two for a release tier in production, one otherwise).
    public func requiredApprovals(_ tier: AccessTier, environment: DeploymentEnvironment) -> Int {
        let floor = Self.approvalFloor(tier, environment: environment)
        return Swift.max(floor, approvals[tier.description] ?? floor)
    }

    /// Two approvers for a release tier of an identity in production; one otherwise.
    public static func approvalFloor(_ tier: AccessTier, environment: DeploymentEnvironment) -> Int {
        tier.isRelease && environment == .production ? 2 : 1
    }

    /// Whether a policy may approve a request of `tier` for an identity in `environment`: never a release tier in
    /// production.
    public static func mayAutoApprove(_ tier: AccessTier, environment: DeploymentEnvironment) -> Bool {
        approvalFloor(tier, environment: environment) == 1
    }

    /// The caps requests and break-glass are checked against.
    public var caps: AccessDurationCaps {
        var perTier: [AccessTier: Int64] = [:]
        for (text, seconds) in maxDurations {
            if let tier = AccessTier(text) { perTier[tier] = seconds }
        }
        return AccessDurationCaps(perTier: perTier, breakGlassMax: breakGlassMax ?? AccessDurationCaps.defaultBreakGlassMax)
    }

    /// Checks the numbers (the Cedar text is checked where Cedar is: `AccessPolicies` in LanyardCore).
    /// - Throws: `invalid_field` naming `approvals`, `maxDurations`, `breakGlassMax` or `autoApprove`.
    public func validate() throws {
        guard approvals.count <= Self.maxTiers, maxDurations.count <= Self.maxTiers else {
            throw LanyardError.invalid("approvals", "An access policy names at most \(Self.maxTiers) tiers.")
        }
        for (text, count) in approvals.sorted(by: { $0.key < $1.key }) {
            _ = try AccessTier.parse(text, field: "approvals")
            guard (1...AccessRequest.maxRequiredApprovals).contains(count) else {
                throw LanyardError.invalid("approvals", "Tier \(text) needs 1–\(AccessRequest.maxRequiredApprovals) approvals, not \(count).")
            }
        }
        for (text, seconds) in maxDurations.sorted(by: { $0.key < $1.key }) {
            _ = try AccessTier.parse(text, field: "maxDurations")
            guard Self.durationBounds.contains(seconds) else {
                throw LanyardError.invalid("maxDurations", "The longest access for tier \(text) must be between 1 minute and 30 days.")
            }
        }
        if let breakGlassMax, !Self.breakGlassBounds.contains(breakGlassMax) {
            throw LanyardError.invalid("breakGlassMax", "The longest break-glass must be between 1 minute and 4 hours.")
        }
        guard autoApprove.utf8.count <= Self.maxAutoApproveBytes else {
            throw LanyardError(.payloadTooLarge, "Auto-approval policies may be at most 64 KiB.", field: "autoApprove")
        }
    }

    /// The Cedar schema auto-approval policies are validated against. A request is `principal: Requester` (`kind` is
    /// `workload` or `person`; `subject` the requester as access decisions name it), `action: Action::"approve"`,
    /// `resource: Identity` (the identity the access is for) and the request in `context`.
    public static let autoApproveSchema = """
        // Lanyard access requests, as auto-approval policies see them.
        namespace Lanyard::Access {
          entity Requester { kind: String, subject: String };
          entity Identity { owner: String, environment: String, template: String, kind: String, dataClass: String };
          type Request = {
            tier: String, durationSeconds: Long, resource: String, actions: Set<String>, scopes: Set<String>,
            singleUse: Bool, taskBound: Bool, justification: String
          };
          action "approve" appliesTo { principal: [Requester], resource: [Identity], context: Request };
        }

        """
}
