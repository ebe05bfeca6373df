public import Foundation

/// Access granted to an identity (or to a group of identities) beyond what the tenant's policies give everyone: an
/// action set on a resource, of one tier, for a bounded time, recorded with who granted it, why, and the approval it
/// came from.
///
/// The decision point allows a request an entitlement covers while the entitlement is live
/// (``isLive(at:taskEnded:)``), unless a policy forbids it (guardrails still apply). It stops by itself at
/// ``expiresAt``, when its task ends, after its one use when ``singleUse``, or when someone revokes it; the record stays
/// afterwards as history.
public struct Entitlement: Sendable, Hashable, Codable {
    /// `ent_…`.
    public var id: String
    public var tenant: String
    /// Who is granted: an identity (`Lanyard::Identity::"idn_…"`) or an entity of the tenant's data that identities
    /// are members of (a group), as a Cedar entity reference `Type::"id"`.
    public var principal: String
    public var tier: AccessTier
    /// Cedar action names (`read`, `deploy`, …) the entitlement allows.
    public var actions: [String]
    /// The resource, as a Cedar entity reference `Type::"id"`: the entitlement covers it and every entity in it.
    public var resource: String
    /// OAuth scopes the entitlement unlocks at the token endpoint (scopes a template grants only with an approval);
    /// tokens carrying them live no longer than the entitlement.
    public var scopes: [String]
    /// Who granted it (an audit actor: `admin_token:…`, `user:…`, or `policy:…` for an automatic approval).
    public var grantor: String
    public var reason: String
    public var createdAt: Date
    public var expiresAt: Date
    /// The access request it came from, if any (`req_…`).
    public var request: String?
    /// The task it is bound to, if any: it ends when the task ends.
    public var task: String?
    /// Allows one decision only.
    public var singleUse: Bool
    /// Granted by break-glass, without approval.
    public var breakGlass: Bool
    public var status: EntitlementStatus
    public var endedAt: Date?
    /// Who or what ended it (`system:sweeper`, an actor).
    public var endedBy: String?
    public var endReason: String?
    /// The last decision it allowed (recorded by the decision point, written in batches).
    public var lastUsedAt: Date?
    /// The last time a review certified it.
    public var lastCertifiedAt: Date?

    public init(
        id: String, tenant: String, principal: String, tier: AccessTier, actions: [String], resource: String, scopes: [String] = [],
        grantor: String, reason: String, createdAt: Date, expiresAt: Date, request: String? = nil, task: String? = nil, singleUse: Bool = false,
        breakGlass: Bool = false, status: EntitlementStatus = .active, endedAt: Date? = nil, endedBy: String? = nil, endReason: String? = nil,
        lastUsedAt: Date? = nil, lastCertifiedAt: Date? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.principal = principal
        self.tier = tier
        self.actions = actions
        self.resource = resource
        self.scopes = scopes
        self.grantor = grantor
        self.reason = reason
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.request = request
        self.task = task
        self.singleUse = singleUse
        self.breakGlass = breakGlass
        self.status = status
        self.endedAt = endedAt
        self.endedBy = endedBy
        self.endReason = endReason
        self.lastUsedAt = lastUsedAt
        self.lastCertifiedAt = lastCertifiedAt
    }

    /// Whether it allows anything at `now`: active, not past its expiry, and its task (if any) not ended.
    public func isLive(at now: Date, taskEnded: Bool = false) -> Bool {
        status == .active && expiresAt > now && !(task != nil && taskEnded)
    }

    /// The entitlement ended at `now` by `actor` with `status` (revoked, used, ended or expired) and `reason`.
    /// - Throws: `invalid_state` when it is not active (an entitlement ends once).
    public func ending(_ status: EntitlementStatus, reason: String, by actor: String, at now: Date) throws -> Entitlement {
        guard self.status == .active else {
            throw LanyardError(.invalidState, "Entitlement \(id) is already \(self.status.rawValue).")
        }
        guard status != .active else { throw LanyardError(.invalidState, "An entitlement cannot end as active.") }
        var ended = self
        ended.status = status
        ended.endedAt = now
        ended.endedBy = actor
        ended.endReason = reason
        return ended
    }
}

/// Where an entitlement is in its life. Only `active` allows anything.
public enum EntitlementStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    /// Dropped by a person, by a cancelled request, a review or an offboarding.
    case revoked
    /// A single-use entitlement that allowed its one decision.
    case used
    /// Its task ended.
    case ended
    /// Past its expiry (recorded by the sweeper; it stopped allowing at the expiry itself).
    case expired
}

/// Filters for listing entitlements; `nil` means "any".
public struct EntitlementFilter: Sendable, Hashable {
    public var status: EntitlementStatus?
    /// The principal as stored (`Lanyard::Identity::"idn_…"` or another entity reference).
    public var principal: String?
    public var task: String?
    public var request: String?

    public init(status: EntitlementStatus? = nil, principal: String? = nil, task: String? = nil, request: String? = nil) {
        self.status = status
        self.principal = principal
        self.task = task
        self.request = request
    }
}
