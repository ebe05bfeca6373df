public import Foundation
public import LanyardModel

/// The unresolved findings a posture report covers: counts by kind and severity, and each finding in brief (most
/// severe first, then newest).
public struct PostureFindingSummary: Sendable, Hashable, Codable {
    /// Unresolved findings in scope.
    public var unresolved: Int
    /// By kind raw value (`unused-identity`); kinds with none are left out.
    public var byKind: [String: Int]
    /// By severity (`low` … `critical`), each severity present even at 0.
    public var bySeverity: [String: Int]
    public var items: [Item]

    public init(unresolved: Int, byKind: [String: Int], bySeverity: [String: Int], items: [Item]) {
        self.unresolved = unresolved
        self.byKind = byKind
        self.bySeverity = bySeverity
        self.items = items
    }

    /// The summary of `findings` (unresolved ones are kept, in report order).
    public init(_ findings: [Finding]) {
        let open = findings.filter(\.status.isUnresolved).sorted { ($0.severity, $0.createdAt, $0.id) > ($1.severity, $1.createdAt, $1.id) }
        var byKind: [String: Int] = [:]
        var bySeverity = Dictionary(uniqueKeysWithValues: FindingSeverity.allCases.map { ($0.rawValue, 0) })
        for finding in open {
            byKind[finding.kind.rawValue, default: 0] += 1
            bySeverity[finding.severity.rawValue, default: 0] += 1
        }
        self.init(unresolved: open.count, byKind: byKind, bySeverity: bySeverity, items: open.map(Item.init))
    }

    /// One unresolved finding in brief.
    public struct Item: Sendable, Hashable, Codable {
        /// `fnd_…`.
        public var id: String
        public var kind: FindingKind
        public var title: String
        public var severity: FindingSeverity
        public var status: FindingStatus
        public var subject: String
        public var identity: String?
        public var owner: String?
        public var summary: String
        public var createdAt: Date
        /// The IDs of the framework controls its kind maps to.
        public var frameworks: [String]
        /// Audit events behind it.
        public var auditSequences: [Int64]

        public init(_ finding: Finding) {
            self.id = finding.id
            self.kind = finding.kind
            self.title = finding.title
            self.severity = finding.severity
            self.status = finding.status
            self.subject = finding.subject
            self.identity = finding.identity
            self.owner = finding.owner
            self.summary = finding.summary
            self.createdAt = finding.createdAt
            self.frameworks = finding.frameworks.map(\.id)
            self.auditSequences = finding.evidence.map(\.seq)
        }
    }
}
