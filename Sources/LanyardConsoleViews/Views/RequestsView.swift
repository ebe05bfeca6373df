public import Foundation
public import LanyardModel

/// The list of access requests waiting for a decision.
public struct RequestsView: Sendable {
    /// The pending requests, oldest first.
    public var requests: [AccessRequest]
    /// Identity names by id (`idn_…` → `support-bot`), to show names instead of ids where known.
    public var identityNames: [String: String]
    /// The cursor of the next page, when there is one (a "Next page" link with `cursor`).
    public var nextCursor: String?

    /// Creates the requests page's content.
    public init(requests: [AccessRequest], identityNames: [String: String] = [:], nextCursor: String? = nil) {
        self.requests = requests
        self.identityNames = identityNames
        self.nextCursor = nextCursor
    }
}

/// One access request, what will decide it, and the forms to decide it.
public struct RequestView: Sendable {
    public var request: AccessRequest
    /// The approval rule of its tier, in words.
    public var approvalRule: String?
    /// The permit an approval adds, as Cedar text.
    public var grant: String?
    /// The policies that still decide each use once it is granted (the forbids that may apply): Cedar text, shown
    /// preformatted.
    public var policies: [String]
    /// How many more such policies there are than ``policies`` holds.
    public var morePolicies: Int
    /// The policy version they are taken from.
    public var policyVersion: Int?
    /// The identity's recent use (decisions, issued credentials), newest first.
    public var recentUse: [AuditEvent]
    /// Whether the caller may approve it: shows the approve form (POST `{basePath}/requests/{id}/approve`, with a
    /// required `reason`).
    public var canDecide: Bool
    /// Whether the caller may deny it (a security reviewer may deny without approving): shows the deny form (POST
    /// `…/deny`, with a required `reason`).
    public var canDeny: Bool
    /// The identity's name, when known.
    public var identityName: String?
    /// Now, to show a request past its expiry as expired; `nil` shows the recorded status.
    public var now: Date?

    /// Creates the request page's content.
    public init(
        request: AccessRequest, approvalRule: String? = nil, grant: String? = nil, policies: [String] = [], morePolicies: Int = 0,
        policyVersion: Int? = nil, recentUse: [AuditEvent] = [], canDecide: Bool = false, canDeny: Bool? = nil, identityName: String? = nil,
        now: Date? = nil
    ) {
        self.request = request
        self.approvalRule = approvalRule
        self.grant = grant
        self.policies = policies
        self.morePolicies = morePolicies
        self.policyVersion = policyVersion
        self.recentUse = recentUse
        self.canDecide = canDecide
        self.canDeny = canDeny ?? canDecide
        self.identityName = identityName
        self.now = now
    }
}
