import Foundation
public import LanyardModel

/// What a detection rule saw: a finding to raise unless one of its kind is already unresolved for its subject.
public struct Detection: Sendable, Hashable {
    public var kind: FindingKind
    /// As audit targets name it (`identity:idn_…`, `trust:trs_…`, `tenant:NAME`, `entitlement:ent_…`).
    public var subject: String
    public var identity: String?
    public var owner: String?
    public var severity: FindingSeverity
    /// One sentence for a person.
    public var summary: String
    /// The facts it saw, recorded in the finding and in its `finding.raise` event.
    public var details: [String: String]
    /// Audit events the rule read that show it (decision records), oldest first.
    public var evidence: [FindingEvidence]

    public init(
        kind: FindingKind, subject: String, identity: String? = nil, owner: String? = nil, severity: FindingSeverity? = nil, summary: String,
        details: [String: String] = [:], evidence: [FindingEvidence] = []
    ) {
        self.kind = kind
        self.subject = subject
        self.identity = identity
        self.owner = owner
        self.severity = severity ?? kind.defaultSeverity
        self.summary = summary
        self.details = details
        self.evidence = evidence
    }

    /// A detection about `identity`.
    public init(
        _ kind: FindingKind, about identity: Identity, severity: FindingSeverity? = nil, summary: String, details: [String: String] = [:],
        evidence: [FindingEvidence] = []
    ) {
        var facts = details
        facts["identityName"] = identity.name
        self.init(
            kind: kind, subject: "identity:\(identity.id)", identity: identity.id, owner: identity.owner, severity: severity, summary: summary,
            details: facts, evidence: evidence)
    }
}

/// One detection: a small, pure function from what Lanyard knows of a tenant to what is wrong with it. The
/// reconciler raises a finding for each detection and resolves the unresolved findings of the rule's kind it no
/// longer detects, so a rule must see every case of its kind each time it runs.
public protocol DetectionRule: Sendable {
    /// The kind of finding this rule owns.
    var kind: FindingKind { get }
    func detect(_ facts: TenantFacts) -> [Detection]
}
