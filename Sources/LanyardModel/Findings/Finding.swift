public import Foundation

/// Something wrong with a tenant's identities that a person has to look at: raised by Lanyard when it notices it,
/// resolved when the cause goes away (or by a person), and kept afterwards as evidence.
///
/// At most one finding of a kind is open per subject, so a condition noticed twice is one finding.
public struct Finding: Sendable, Hashable, Codable {
    /// `fnd_…`.
    public var id: String
    public var tenant: String
    public var kind: FindingKind
    public var severity: FindingSeverity
    /// What the finding is about, as audit targets name it (`identity:idn_…`).
    public var subject: String
    /// One sentence for a person.
    public var summary: String
    /// Facts behind the finding (`owner`, `graceEndsAt`, …).
    public var details: [String: String]
    public var status: FindingStatus
    public var createdAt: Date
    public var resolvedAt: Date?
    /// Why it was resolved (`identity transferred to bob`).
    public var resolution: String?

    public init(
        id: String, tenant: String, kind: FindingKind, severity: FindingSeverity, subject: String, summary: String,
        details: [String: String], status: FindingStatus = .open, createdAt: Date, resolvedAt: Date? = nil, resolution: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.summary = summary
        self.details = details
        self.status = status
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }
}

/// What kind of problem a finding reports.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    /// An identity whose owner left: it may not act until it is transferred, and is suspended after a grace period.
    case orphanedIdentity = "orphaned-identity"
    /// A credential was reported leaked (and revoked); for an access token its identity is `compromised` until its owner
    /// or a security administrator resumes it.
    case leakedCredential = "leaked-credential"
}

/// How urgent a finding is.
public enum FindingSeverity: String, Sendable, Codable, CaseIterable {
    case low, medium, high, critical
}

/// Whether a finding still needs attention.
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
    case open, resolved
}

/// Filters for listing findings; `nil` means "any".
public struct FindingFilter: Sendable, Hashable {
    public var status: FindingStatus?
    public var kind: FindingKind?
    public var subject: String?

    public init(status: FindingStatus? = nil, kind: FindingKind? = nil, subject: String? = nil) {
        self.status = status
        self.kind = kind
        self.subject = subject
    }
}
