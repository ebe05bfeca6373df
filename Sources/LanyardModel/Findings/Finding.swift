public import Foundation

/// Something wrong with a tenant's identities that a person has to look at: raised by Lanyard when it notices it,
/// resolved when the cause goes away (or by a person), and kept afterwards as evidence.
///
/// At most one finding of a kind is unresolved per subject, so a condition noticed twice is one finding. Its
/// ``evidence`` names audit events by sequence number, each provable against a signed checkpoint
/// (`lanyard audit proof SEQ`); its ``frameworks`` follow from its ``kind``.
public struct Finding: Sendable, Hashable {
    /// `fnd_…`.
    public var id: String
    public var tenant: String
    public var kind: FindingKind
    public var severity: FindingSeverity
    /// What the finding is about, as audit targets name it (`identity:idn_…`, `trust:trs_…`, `tenant:NAME`).
    public var subject: String
    /// The identity concerned (`idn_…`), when there is one.
    public var identity: String?
    /// That identity's owner when the finding was raised.
    public var owner: String?
    /// One sentence for a person.
    public var summary: String
    /// Facts behind the finding (`owner`, `graceEndsAt`, …).
    public var details: [String: String]
    /// Audit events behind the finding, oldest first.
    public var evidence: [FindingEvidence]
    public var status: FindingStatus
    public var createdAt: Date
    /// When the finding last changed (status, evidence).
    public var updatedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    /// While `suppressed`: when it opens again by itself.
    public var suppressedUntil: Date?
    /// While `suppressed`: why, and who said so.
    public var suppressReason: String?
    public var resolvedAt: Date?
    /// Why it was resolved (`identity transferred to bob`).
    public var resolution: String?

    public init(
        id: String, tenant: String, kind: FindingKind, severity: FindingSeverity, subject: String, identity: String? = nil,
        owner: String? = nil, summary: String, details: [String: String], evidence: [FindingEvidence] = [], status: FindingStatus = .open,
        createdAt: Date, updatedAt: Date? = nil, acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil, suppressedUntil: Date? = nil,
        suppressReason: String? = nil, resolvedAt: Date? = nil, resolution: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.identity = identity ?? (subject.hasPrefix("identity:") ? String(subject.dropFirst("identity:".count)) : nil)
        self.owner = owner
        self.summary = summary
        self.details = details
        self.evidence = evidence
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.suppressedUntil = suppressedUntil
        self.suppressReason = suppressReason
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }

    /// The kind's title (``FindingKind/title``).
    public var title: String { kind.title }
    /// The framework controls the kind maps to.
    public var frameworks: [FrameworkControl] { kind.frameworks }
}

extension Finding: Codable {
    enum CodingKeys: String, CodingKey {
        case id, tenant, kind, title, severity, subject, identity, owner, summary, details, evidence, frameworks, status, createdAt,
            updatedAt, acknowledgedAt, acknowledgedBy, suppressedUntil, suppressReason, resolvedAt, resolution
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let createdAt = try container.decode(Date.self, forKey: .createdAt)
        self.init(
            id: try container.decode(String.self, forKey: .id), tenant: try container.decode(String.self, forKey: .tenant),
            kind: try container.decode(FindingKind.self, forKey: .kind), severity: try container.decode(FindingSeverity.self, forKey: .severity),
            subject: try container.decode(String.self, forKey: .subject), identity: try container.decodeIfPresent(String.self, forKey: .identity),
            owner: try container.decodeIfPresent(String.self, forKey: .owner), summary: try container.decode(String.self, forKey: .summary),
            details: try container.decode([String: String].self, forKey: .details),
            evidence: try container.decodeIfPresent([FindingEvidence].self, forKey: .evidence) ?? [],
            status: try container.decode(FindingStatus.self, forKey: .status), createdAt: createdAt,
            updatedAt: try container.decodeIfPresent(Date.self, forKey: .updatedAt) ?? createdAt,
            acknowledgedAt: try container.decodeIfPresent(Date.self, forKey: .acknowledgedAt),
            acknowledgedBy: try container.decodeIfPresent(String.self, forKey: .acknowledgedBy),
            suppressedUntil: try container.decodeIfPresent(Date.self, forKey: .suppressedUntil),
            suppressReason: try container.decodeIfPresent(String.self, forKey: .suppressReason),
            resolvedAt: try container.decodeIfPresent(Date.self, forKey: .resolvedAt),
            resolution: try container.decodeIfPresent(String.self, forKey: .resolution))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(severity, forKey: .severity)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(identity, forKey: .identity)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encode(summary, forKey: .summary)
        try container.encode(details, forKey: .details)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(frameworks, forKey: .frameworks)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(acknowledgedAt, forKey: .acknowledgedAt)
        try container.encodeIfPresent(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encodeIfPresent(suppressedUntil, forKey: .suppressedUntil)
        try container.encodeIfPresent(suppressReason, forKey: .suppressReason)
        try container.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try container.encodeIfPresent(resolution, forKey: .resolution)
    }
}

/// One audit event behind a finding.
public struct FindingEvidence: Sendable, Hashable, Codable {
    /// The event's sequence number in the tenant's audit log.
    public var seq: Int64
    /// Its action (`authz.evaluation`, `identity.orphan`, `finding.raise`, …).
    public var action: String
    public var at: Date
    /// What this event shows, for a person (`decision asked for crm.internal`).
    public var note: String?

    public init(seq: Int64, action: String, at: Date, note: String? = nil) {
        self.seq = seq
        self.action = action
        self.at = at
        self.note = note
    }
}

/// How urgent a finding is.
public enum FindingSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// Where a finding is in its workflow: `open` → `acknowledged` (someone is on it) → `resolved`; or `suppressed` with a
/// reason until a date, when it is `open` again. A finding whose cause goes away is resolved whatever its status.
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
    case open, acknowledged, suppressed, resolved

    /// Whether the finding still stands (anything but `resolved`).
    public var isUnresolved: Bool { self != .resolved }
}

/// Filters for listing findings; `nil` means "any".
public struct FindingFilter: Sendable, Hashable {
    public var status: FindingStatus?
    public var kind: FindingKind?
    public var subject: String?
    /// Only those about identities of this owner.
    public var owner: String?
    /// Only those at least this severe.
    public var minimumSeverity: FindingSeverity?

    public init(
        status: FindingStatus? = nil, kind: FindingKind? = nil, subject: String? = nil, owner: String? = nil,
        minimumSeverity: FindingSeverity? = nil
    ) {
        self.status = status
        self.kind = kind
        self.subject = subject
        self.owner = owner
        self.minimumSeverity = minimumSeverity
    }
}
