public import Foundation

/// `PUT /t/{tenant}/v1/access-policy`: replaces the tenant's access policy as a whole (fields left out go back to the
/// built-in rules).
public struct PutAccessPolicyRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Approvals a request needs, by tier (`deploy: 2`); never below the built-in floor.
    public var approvals: [String: Int]?
    /// The longest access a request may ask for, by tier, as a span (`data-write: 2h`).
    public var maxDurations: [String: String]?
    /// The longest break-glass (`30m`; default 60 minutes).
    public var breakGlassMax: String?
    /// Cedar policies over the `Lanyard::Access` schema whose permits approve a request at once.
    public var autoApprove: String?
    /// Why the policy changes (1–500 characters), for the audit log.
    public var message: String

    public static let allowedFields: Set<String> = ["approvals", "maxDurations", "breakGlassMax", "autoApprove", "message"]

    public init(
        approvals: [String: Int]? = nil, maxDurations: [String: String]? = nil, breakGlassMax: String? = nil, autoApprove: String? = nil,
        message: String
    ) {
        self.approvals = approvals
        self.maxDurations = maxDurations
        self.breakGlassMax = breakGlassMax
        self.autoApprove = autoApprove
        self.message = message
    }
}

/// A tenant's access policy, with the schema its auto-approval policies are written against.
public struct AccessPolicyView: Sendable, Hashable, Codable {
    public var approvals: [String: Int]
    /// Longest access by tier, as spans (`2h`).
    public var maxDurations: [String: String]
    /// Longest break-glass, as a span.
    public var breakGlassMax: String
    public var autoApprove: String
    /// 0 until the tenant sets one.
    public var version: Int64
    public var updatedAt: Date?
    public var updatedBy: String?
    /// The `Lanyard::Access` Cedar schema.
    public var schema: String

    public init(
        approvals: [String: Int], maxDurations: [String: String], breakGlassMax: String, autoApprove: String, version: Int64, updatedAt: Date?,
        updatedBy: String?, schema: String
    ) {
        self.approvals = approvals
        self.maxDurations = maxDurations
        self.breakGlassMax = breakGlassMax
        self.autoApprove = autoApprove
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.schema = schema
    }
}

/// `GET /t/{tenant}/v1/access-report`: how access requests and grants went over a window.
public struct AccessReport: Sendable, Hashable, Codable {
    public var since: Date
    public var until: Date
    /// Requests made in the window, by the status they have now.
    public var requests: [String: Int]
    /// Requests made in the window that were approved (by people or by policy).
    public var approved: Int
    /// Of those, approved by policy.
    public var autoApproved: Int
    /// `autoApproved / approved`; 0 when nothing was approved.
    public var autoApprovedShare: Double
    /// Seconds from request to approval, over requests approved by people: the median and the 95th percentile
    /// (nearest rank); absent when none was.
    public var approvalLatencyP50: Double?
    public var approvalLatencyP95: Double?
    /// Grants made in the window that have ended by now, and those of them that expired without ever being used.
    public var grantsEnded: Int
    public var grantsExpiredUnused: Int
    /// `grantsExpiredUnused / grantsEnded`; 0 when none ended.
    public var expiredUnusedShare: Double

    public init(
        since: Date, until: Date, requests: [String: Int], approved: Int, autoApproved: Int, approvalLatencyP50: Double?,
        approvalLatencyP95: Double?, grantsEnded: Int, grantsExpiredUnused: Int
    ) {
        self.since = since
        self.until = until
        self.requests = requests
        self.approved = approved
        self.autoApproved = autoApproved
        self.autoApprovedShare = approved == 0 ? 0 : Double(autoApproved) / Double(approved)
        self.approvalLatencyP50 = approvalLatencyP50
        self.approvalLatencyP95 = approvalLatencyP95
        self.grantsEnded = grantsEnded
        self.grantsExpiredUnused = grantsExpiredUnused
        self.expiredUnusedShare = grantsEnded == 0 ? 0 : Double(grantsExpiredUnused) / Double(grantsEnded)
    }
}
