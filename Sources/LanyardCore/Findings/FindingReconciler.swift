import Foundation
import LanyardAudit
public import LanyardModel

/// Turns detections into findings for one tenant: raises a finding (with a `finding.raise` event recording what the
/// rule saw) for each detection that has no unresolved finding of its kind and subject, resolves (with
/// `finding.resolve`) the unresolved findings of the rules' kinds that are no longer detected, and follows a change
/// of severity. Then it links each new finding to the audit events behind it.
public struct FindingReconciler: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource

    /// The actor of the detector's events.
    public static let actor = "lanyard:detector"
    /// Findings raised per tenant and pass at most; the rest are raised by the next pass.
    public static let maximumRaisedPerPass = 1000

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
    }

    /// What a reconciliation did.
    public struct Outcome: Sendable, Hashable {
        public var raised: [Finding] = []
        public var resolved: [Finding] = []
    }

    /// Evidence kept per finding at most (the first events, then the latest).
    public static let maximumEvidence = 50

    /// Reconciles the unresolved findings of `kinds` in `tenant` with `detections`. With `resolveMissing` (the
    /// detections are the complete output of the rules owning `kinds`), an unresolved finding no longer detected is
    /// resolved; without it (an audit-log detector sees only new events) only the findings in `resolving` are, with
    /// their reason. A detection of a finding that stands adds its evidence to it.
    @discardableResult
    public func reconcile(
        tenant: String, kinds: Set<FindingKind>, detections: [Detection], resolveMissing: Bool = true, resolving: [String: String] = [:]
    ) async throws -> Outcome {
        let now = clock.now()
        var wanted: [String: Detection] = [:]
        var order: [String] = []
        for detection in detections where kinds.contains(detection.kind) {
            let key = Self.key(detection.kind, detection.subject)
            if wanted[key] == nil { order.append(key) }
            wanted[key] = wanted[key] ?? detection
        }
        let random = self.random
        let audit = self.audit
        let detected = wanted
        let raising = order
        let outcome = try await store.write { session -> Outcome in
            var outcome = Outcome()
            let existing = try await session.unresolvedFindings(tenant: tenant, kinds: Array(kinds))
            var standing: Set<String> = []
            for finding in existing {
                let key = Self.key(finding.kind, finding.subject)
                standing.insert(key)
                guard let detection = detected[key] else {
                    guard resolveMissing || resolving[finding.id] != nil else { continue }
                    let resolution = resolving[finding.id] ?? "Its cause went away: the \(finding.kind.rawValue) rule no longer detects it."
                    if let resolved = try await session.resolveFinding(
                        tenant: tenant, subject: finding.subject, kind: finding.kind, at: now, resolution: resolution)
                    {
                        outcome.resolved.append(resolved)
                        try await audit.record(
                            AuditEvent(
                                tenant: tenant, at: now, actor: Self.actor, action: .findingResolve, target: finding.subject,
                                details: ["finding": finding.id, "kind": finding.kind.rawValue, "status": "resolved", "reason": resolution]),
                            in: session)
                    }
                    continue
                }
                let have = Set(finding.evidence.map(\.seq))
                let added = detection.evidence.filter { !have.contains($0.seq) }
                if detection.severity != finding.severity || !added.isEmpty {
                    var updated = finding
                    if detection.severity != finding.severity {
                        updated.severity = detection.severity
                        updated.summary = detection.summary
                        updated.details = detection.details
                    }
                    updated.evidence = Self.bounded(finding.evidence + added)
                    updated.updatedAt = max(now, finding.updatedAt)
                    _ = try await session.updateFinding(updated, ifStatus: finding.status, updatedAt: finding.updatedAt)
                }
            }
            var generator = random.generator()
            for key in raising where !standing.contains(key) {
                guard outcome.raised.count < Self.maximumRaisedPerPass, let detection = detected[key] else { break }
                let finding = Finding(
                    id: IdentifierFormat.make(prefix: "fnd", using: &generator), tenant: tenant, kind: detection.kind,
                    severity: detection.severity, subject: detection.subject, identity: detection.identity, owner: detection.owner,
                    summary: detection.summary, details: detection.details, evidence: Self.bounded(detection.evidence), createdAt: now)
                guard try await session.raiseFinding(finding) else { continue }
                outcome.raised.append(finding)
                var details = detection.details
                details["finding"] = finding.id
                details["kind"] = finding.kind.rawValue
                details["severity"] = finding.severity.rawValue
                details["summary"] = finding.summary
                if !detection.evidence.isEmpty { details["evidence"] = detection.evidence.map { String($0.seq) }.joined(separator: " ") }
                try await audit.record(
                    AuditEvent(tenant: tenant, at: now, actor: Self.actor, action: .findingRaise, target: finding.subject, details: details),
                    in: session)
            }
            return outcome
        }
        for finding in outcome.raised { try await linkEvidence(finding) }
        return outcome
    }

    /// Adds to `finding`'s evidence the audit events about its subject recorded in the second it was raised (its
    /// `finding.raise`, or the change that raised it — `identity.orphan`, `identity.compromise`), once they are in the
    /// log. Returns the finding as stored after.
    @discardableResult
    public func linkEvidence(_ finding: Finding) async throws -> Finding {
        let events = try await store.read { session in
            try await session.searchAuditEvents(
                tenant: finding.tenant,
                query: AuditQuery(target: finding.subject, since: finding.createdAt, until: finding.createdAt.addingTimeInterval(2), limit: 50))
        }
        let known = Set(finding.evidence.map(\.seq))
        let found = events.filter { event in
            guard !known.contains(event.sequence), event.sequence > 0 else { return false }
            return event.details["finding"] == finding.id || event.action != AuditAction.findingRaise.rawValue
        }
        guard !found.isEmpty else { return finding }
        return try await store.write { session in
            guard var current = try await session.finding(tenant: finding.tenant, id: finding.id) else { return finding }
            let have = Set(current.evidence.map(\.seq))
            let added = found.filter { !have.contains($0.sequence) }.map {
                FindingEvidence(seq: $0.sequence, action: $0.action, at: $0.at, note: Self.note(for: $0))
            }
            guard !added.isEmpty else { return current }
            let status = current.status
            let updatedAt = current.updatedAt
            current.evidence = Self.bounded(current.evidence + added)
            _ = try await session.updateFinding(current, ifStatus: status, updatedAt: updatedAt)
            return current
        }
    }

    /// The evidence sorted by sequence number, at most ``maximumEvidence``: the first half and the latest.
    static func bounded(_ evidence: [FindingEvidence]) -> [FindingEvidence] {
        var seen: Set<Int64> = []
        let sorted = evidence.sorted { $0.seq < $1.seq }.filter { seen.insert($0.seq).inserted }
        guard sorted.count > maximumEvidence else { return sorted }
        let head = maximumEvidence / 2
        return Array(sorted.prefix(head)) + Array(sorted.suffix(maximumEvidence - head))
    }

    static func note(for event: AuditEvent) -> String {
        switch AuditAction(rawValue: event.action) {
        case .findingRaise: "what the detection rule saw when it raised the finding"
        case .identityOrphan: "the owner left; the identity was orphaned"
        case .identityCompromise: "a credential leaked; the identity was marked compromised"
        case .leakReport: "the leak report"
        case .credentialRevoke: "the credentials revoked"
        default: event.action
        }
    }

    static func key(_ kind: FindingKind, _ subject: String) -> String { kind.rawValue + "\u{0}" + subject }
}
