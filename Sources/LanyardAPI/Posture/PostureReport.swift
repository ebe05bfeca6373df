public import Foundation
public import LanyardModel

/// The posture report of a tenant, of one owner's identities or of one identity: the controls Lanyard can check from
/// its own records, each passing or failing with the evidence behind it and mapped to the frameworks an auditor reads
/// (OWASP NHI 2025, OWASP Agentic 2026, NIST CSF 2.0 PR.AA, NIST SP 800-63-4, NIST SP 800-207, NIST AI RMF 1.0, CSA
/// MAESTRO); headline numbers; and the unresolved findings in scope.
///
/// Everything in it is computed when it is asked for, from the records in one read; nothing is a self-assessment.
/// `docs/posture.md` lists the controls; `docs/schemas/posture-report.schema.json` is its JSON Schema.
public struct PostureReport: Sendable, Hashable, Codable {
    /// The version of this document's shape; a consumer refuses a version it does not know.
    public var schemaVersion: Int
    public var tenant: String
    /// What the report covers.
    public var scope: Scope
    public var generatedAt: Date
    /// The version of the tenant's access policies in force, if it has any.
    public var policyVersion: Int?
    /// The audit log the evidence points into.
    public var auditHead: AuditHead
    /// The numbers on the first page.
    public var headline: [PostureHeadline]
    /// Every control, in catalogue order.
    public var controls: [PostureControl]
    /// Each framework control any posture control maps to, with the status that follows from them.
    public var frameworks: [PostureFrameworkStatus]
    public var findings: PostureFindingSummary

    /// The current ``schemaVersion``.
    public static let currentSchemaVersion = 1

    public init(
        tenant: String, scope: Scope, generatedAt: Date, policyVersion: Int?, auditHead: AuditHead, headline: [PostureHeadline],
        controls: [PostureControl], frameworks: [PostureFrameworkStatus], findings: PostureFindingSummary
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.tenant = tenant
        self.scope = scope
        self.generatedAt = generatedAt
        self.policyVersion = policyVersion
        self.auditHead = auditHead
        self.headline = headline
        self.controls = controls
        self.frameworks = frameworks
        self.findings = findings
    }

    /// What a report covers: a whole tenant, the identities of one owner, or one identity.
    public struct Scope: Sendable, Hashable, Codable {
        public var kind: Kind
        /// The owner or the identity id; `nil` for a tenant.
        public var value: String?

        public init(kind: Kind, value: String? = nil) {
            self.kind = kind
            self.value = value
        }

        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case tenant, owner, identity
        }

        /// `tenant`, `owner alice`, `identity idn_…`.
        public var description: String { value.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue }
    }

    /// The tenant's audit log when the report was made.
    public struct AuditHead: Sendable, Hashable, Codable {
        /// Leaves appended so far.
        public var size: Int64
        /// The size of the latest signed checkpoint, if any.
        public var checkpointSize: Int64?
        /// When that checkpoint was signed.
        public var checkpointAt: Date?

        public init(size: Int64, checkpointSize: Int64? = nil, checkpointAt: Date? = nil) {
            self.size = size
            self.checkpointSize = checkpointSize
            self.checkpointAt = checkpointAt
        }
    }

    /// The controls that fail.
    public var failing: [PostureControl] { controls.filter { $0.status == .fail } }
}
