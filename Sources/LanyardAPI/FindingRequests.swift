public import LanyardModel

/// A page of findings, newest first.
public struct FindingList: Sendable, Hashable, Codable {
    public var findings: [Finding]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(findings: [Finding], next: String? = nil) {
        self.findings = findings
        self.next = next
    }
}

/// `POST /t/{tenant}/v1/findings/{id}/acknowledge`: someone is on it.
public struct AcknowledgeFindingRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// What is being done (up to 2000 characters), for the audit log.
    public var note: String?
    public static let allowedFields: Set<String> = ["note"]
    public init(note: String? = nil) { self.note = note }
}

/// `POST /t/{tenant}/v1/findings/{id}/suppress`: accepted for now, with a reason, until a date (at most 90 days on).
public struct SuppressFindingRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Why (1–2000 characters).
    public var reason: String
    /// How long, as a span (`14d`; 1 hour to 90 days).
    public var duration: String
    public static let allowedFields: Set<String> = ["reason", "duration"]
    public init(reason: String, duration: String) {
        self.reason = reason
        self.duration = duration
    }
}

/// `POST /t/{tenant}/v1/findings/{id}/resolve`: a person says it is dealt with. If the cause is still there, the
/// next detection pass raises a new finding.
public struct ResolveFindingRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// What was done (1–2000 characters).
    public var reason: String
    public static let allowedFields: Set<String> = ["reason"]
    public init(reason: String) { self.reason = reason }
}

/// What a finding's remediation does.
public enum FindingRemedy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Suspends the identity (its credentials are revoked).
    case suspend
    /// Revokes every live credential of the identity.
    case revokeCredentials = "revoke-credentials"
    /// Brings the identity's expiry forward to `duration` from now.
    case shortenExpiry = "shorten-expiry"
    /// Revokes the entitlement the finding names.
    case revokeGrant = "revoke-grant"
    /// Starts a review campaign of the identity owner's identities.
    case startReview = "start-review"
}

/// `POST /t/{tenant}/v1/findings/{id}/remediate`.
public struct RemediateFindingRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var action: FindingRemedy
    /// Why (1–2000 characters), recorded with the remediation.
    public var reason: String
    /// For `shorten-expiry`: the new life from now (`1d`); for `start-review`: how long reviewers have (default 7d).
    public var duration: String?
    public static let allowedFields: Set<String> = ["action", "reason", "duration"]
    public init(action: FindingRemedy, reason: String, duration: String? = nil) {
        self.action = action
        self.reason = reason
        self.duration = duration
    }
}

/// What a remediation did.
public struct FindingRemediation: Sendable, Hashable, Codable {
    public var finding: Finding
    public var action: FindingRemedy
    /// What it acted on (`identity:idn_…`, `entitlement:ent_…`, `review:rev_…`).
    public var target: String
    /// One sentence.
    public var outcome: String
    public init(finding: Finding, action: FindingRemedy, target: String, outcome: String) {
        self.finding = finding
        self.action = action
        self.target = target
        self.outcome = outcome
    }
}

/// `POST /t/{tenant}/v1/findings/evaluate`: what a detection pass run now did.
public struct FindingEvaluation: Sendable, Hashable, Codable {
    public var raised: Int
    public var resolved: Int
    /// Unresolved findings of the tenant after the pass.
    public var unresolved: Int
    public init(raised: Int, resolved: Int, unresolved: Int) {
        self.raised = raised
        self.resolved = resolved
        self.unresolved = unresolved
    }
}
