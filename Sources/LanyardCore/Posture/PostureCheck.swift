public import LanyardAPI
public import LanyardModel

/// What one control's check found: its status, the sentence why, the numbers, and the subjects that fail it.
public struct PostureCheck: Sendable, Hashable {
    public var status: PostureControl.Status
    public var reason: String
    public var numbers: [String: Int64]
    /// Every subject that fails the control (the report lists the first few).
    public var subjects: [String]
    /// Findings that show it beyond those of the control's kinds (`fnd_…`).
    public var findings: [String]

    public init(_ status: PostureControl.Status, _ reason: String, numbers: [String: Int64] = [:], subjects: [String] = [], findings: [String] = []) {
        self.status = status
        self.reason = reason
        self.numbers = numbers
        self.subjects = subjects
        self.findings = findings
    }

    /// `fail` with `failing` subjects out of `total`, else `pass`; `not-applicable` when `total` is 0.
    static func counting(
        _ failing: [String], of total: Int, nothing: String, pass: String, fail: (Int) -> String, numbers: [String: Int64] = [:]
    ) -> PostureCheck {
        guard total > 0 else { return PostureCheck(.notApplicable, nothing, numbers: numbers) }
        return PostureCheck(failing.isEmpty ? .pass : .fail, failing.isEmpty ? pass : fail(failing.count), numbers: numbers, subjects: failing)
    }
}

/// One control of the catalogue: its stable id, title, group, framework mappings, the finding kinds whose unresolved
/// findings are its evidence, and the check — a pure function of ``PostureFacts``.
public struct PostureControlDefinition: Sendable {
    public let id: String
    public let title: String
    public let group: PostureControl.Group
    /// Framework control IDs (``FrameworkControl/catalogue``).
    public let mappings: [String]
    public let findingKinds: [FindingKind]
    public let check: @Sendable (PostureFacts) -> PostureCheck

    public init(
        _ id: String, _ title: String, group: PostureControl.Group, mappings: [String], findingKinds: [FindingKind] = [],
        check: @escaping @Sendable (PostureFacts) -> PostureCheck
    ) {
        self.id = id
        self.title = title
        self.group = group
        self.mappings = mappings
        self.findingKinds = findingKinds
        self.check = check
    }

    /// The framework controls of ``mappings``.
    public var frameworks: [FrameworkControl] { mappings.compactMap { FrameworkControl.catalogue[$0] } }

    /// The control evaluated over `facts`, with the unresolved findings of its kinds (and those its check names) as
    /// evidence, and their audit events.
    public func evaluate(_ facts: PostureFacts) -> PostureControl {
        let outcome = check(facts)
        let named = Set(outcome.findings)
        let evidence = facts.findings(of: findingKinds) + facts.findings.filter { named.contains($0.id) && !findingKinds.contains($0.kind) }
        var numbers = outcome.numbers
        if !findingKinds.isEmpty { numbers["unresolvedFindings"] = Int64(evidence.count) }
        let sequences = Array(Set(evidence.flatMap { $0.evidence.map(\.seq) })).sorted()
        return PostureControl(
            id: id, title: title, group: group, status: outcome.status, reason: outcome.reason,
            evidence: PostureControl.Evidence(
                numbers: numbers, findings: Array(evidence.map(\.id).sorted().prefix(Self.maxEvidence)),
                auditSequences: Array(sequences.suffix(Self.maxEvidence)), subjects: outcome.subjects.sorted()),
            mappings: frameworks)
    }

    /// The most finding ids and audit sequence numbers a control lists (the numbers count them all).
    public static let maxEvidence = 100
}
