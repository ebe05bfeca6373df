public import Foundation
public import LanyardModel

/// Everything the identity page shows about one identity, and what the signed-in person may do to it.
public struct IdentityView: Sendable {
    public var identity: Identity
    /// Its credentials, active and revoked, newest first.
    public var credentials: [CredentialRecord]
    /// Its entitlements (live and ended).
    public var grants: [Entitlement]
    /// The external issuers it trusts.
    public var trusts: [FederationTrust]
    /// Findings about it.
    public var findings: [Finding]
    /// Recent authorization decisions about it (`authz.evaluation` events).
    public var decisions: [AuditEvent]
    /// Its audit timeline, each event with a "prove" link.
    public var timeline: [AuditEvent]
    /// What the caller may do, as action names: `extend`, `transfer`, `suspend`, `resume`, `offboard`, `graduate`,
    /// `revoke-credentials`. Each one listed gets its own POST form to `{basePath}/identities/{id}/{action}`; other
    /// names are ignored.
    public var actions: [String]
    /// Its tasks, open and ended.
    public var tasks: [WorkloadTask]
    /// Now, for the status of tasks and credentials; `nil` shows tasks by their recorded end only.
    public var now: Date?
    /// The `managed` templates a prototype may graduate into (the `graduate` form's choices).
    public var graduateTemplates: [String]

    /// Creates the identity page's content.
    public init(
        identity: Identity, credentials: [CredentialRecord] = [], grants: [Entitlement] = [], trusts: [FederationTrust] = [],
        findings: [Finding] = [], decisions: [AuditEvent] = [], timeline: [AuditEvent] = [], actions: [String] = [],
        tasks: [WorkloadTask] = [], now: Date? = nil, graduateTemplates: [String] = []
    ) {
        self.graduateTemplates = graduateTemplates
        self.identity = identity
        self.credentials = credentials
        self.grants = grants
        self.trusts = trusts
        self.findings = findings
        self.decisions = decisions
        self.timeline = timeline
        self.actions = actions
        self.tasks = tasks
        self.now = now
    }
}
