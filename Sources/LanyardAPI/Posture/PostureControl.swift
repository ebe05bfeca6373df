public import LanyardModel

/// One control of the posture report (`LY-ID-01` …): what Lanyard checked, whether it holds now, why, and the
/// evidence — numbers, the findings that show it and the audit events behind them.
public struct PostureControl: Sendable, Hashable, Codable {
    /// Stable: `LY-<group>-<nn>`; never renumbered.
    public var id: String
    public var title: String
    public var group: Group
    public var status: Status
    /// One sentence saying why it passes or fails.
    public var reason: String
    public var evidence: Evidence
    /// The framework controls this control implements or checks.
    public var mappings: [FrameworkControl]

    public init(id: String, title: String, group: Group, status: Status, reason: String, evidence: Evidence, mappings: [FrameworkControl]) {
        self.id = id
        self.title = title
        self.group = group
        self.status = status
        self.reason = reason
        self.evidence = evidence
        self.mappings = mappings
    }

    /// The four families of controls R8 names.
    public enum Group: String, Sendable, Hashable, Codable, CaseIterable {
        case identity, authorization, observability, recovery
    }

    /// Whether the control holds; `not-applicable` when there is nothing in scope it could be checked on.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pass, fail
        case notApplicable = "not-applicable"
    }

    /// What a control's status rests on.
    public struct Evidence: Sendable, Hashable, Codable {
        /// Counts and measures by name (`identities`, `withoutActiveOwner`, …).
        public var numbers: [String: Int64]
        /// Unresolved findings that show the failure (`fnd_…`).
        public var findings: [String]
        /// Audit events behind those findings, provable with `lanyard audit proof SEQ`.
        public var auditSequences: [Int64]
        /// Up to ``maxSubjects`` subjects that fail it (`identity:idn_…`, `trust:trs_…`).
        public var subjects: [String]

        /// The most subjects a control lists; ``numbers`` count them all.
        public static let maxSubjects = 25

        public init(numbers: [String: Int64] = [:], findings: [String] = [], auditSequences: [Int64] = [], subjects: [String] = []) {
            self.numbers = numbers
            self.findings = findings
            self.auditSequences = auditSequences
            self.subjects = Array(subjects.prefix(Self.maxSubjects))
        }
    }
}
