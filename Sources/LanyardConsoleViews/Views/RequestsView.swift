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
    /// The policies that will decide it: ids, or Cedar text (shown preformatted).
    public var policies: [String]
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
        request: AccessRequest, policies: [String] = [], recentUse: [AuditEvent] = [], canDecide: Bool = false, canDeny: Bool? = nil,
        identityName: String? = nil,
        now: Date? = nil
    ) {
        self.request = request
        self.policies = policies
        self.recentUse = recentUse
        self.canDecide = canDecide
        self.canDeny = canDeny ?? canDecide
        self.identityName = identityName
        self.now = now
    }
}
