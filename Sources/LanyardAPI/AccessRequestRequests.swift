public import LanyardModel

/// `POST /t/{tenant}/v1/access-requests`: asks for an entitlement — by a person (an administrator token) for an
/// identity, or by a workload with its own access token for itself (`identity` may then be left out).
public struct CreateAccessRequestRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The identity the access is for (id or name); a workload asking for itself may leave it out.
    public var identity: String?
    /// `build`, `test`, `publish`, `deploy`, `data-read`, `data-write` or `tool:NAME`.
    public var tier: String
    /// Cedar action names; default: the tier's.
    public var actions: [String]?
    /// A Cedar entity reference `Type::"id"` or `Type::*`.
    public var resource: String
    /// Approval scopes of the identity's template to unlock.
    public var scopes: [String]?
    /// How long the access lasts once granted (such as `10m`; at most 8h).
    public var duration: String
    /// Why, and for what: the intent of the task (1–2000 characters).
    public var justification: String
    /// An open task of the identity: the grant ends with it.
    public var task: String?
    /// The grant allows one decision only.
    public var singleUse: Bool?

    public static let allowedFields: Set<String> = [
        "identity", "tier", "actions", "resource", "scopes", "duration", "justification", "task", "singleUse",
    ]

    public init(
        identity: String? = nil, tier: String, actions: [String]? = nil, resource: String, scopes: [String]? = nil, duration: String,
        justification: String, task: String? = nil, singleUse: Bool? = nil
    ) {
        self.identity = identity
        self.tier = tier
        self.actions = actions
        self.resource = resource
        self.scopes = scopes
        self.duration = duration
        self.justification = justification
        self.task = task
        self.singleUse = singleUse
    }
}

/// `POST …/access-requests/{id}/approve|deny|cancel`: the decision's reason.
public struct AccessRequestDecisionRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Why (1–2000 characters).
    public var reason: String

    public static let allowedFields: Set<String> = ["reason"]

    public init(reason: String) {
        self.reason = reason
    }
}

/// A page of access requests, newest first.
public struct AccessRequestList: Sendable, Hashable, Codable {
    public var requests: [AccessRequest]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(requests: [AccessRequest], next: String? = nil) {
        self.requests = requests
        self.next = next
    }
}
