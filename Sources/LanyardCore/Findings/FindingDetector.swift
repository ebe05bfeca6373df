import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel
public import Logging

/// The leader job that keeps findings current: every ``interval`` it runs, for each tenant, the detection rules over
/// the tenant's records (``TenantFacts``) and the audit-log detectors over the events appended since their last pass
/// (``AuditStreamDetector``: decisions as they are made), reconciles the findings, links new findings to their
/// evidence, checks each new audit leaf against its stored hash, and opens again suppressed findings whose date passed.
///
/// It reads; it never sits on the issuance or decision paths. On PostgreSQL only the leader runs it, so a finding is
/// raised once.
public struct FindingDetector: LeaderJob {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let logger: Logger
    let reconciler: FindingReconciler
    public let interval: Duration
    public let policy: DetectionPolicy
    /// The rules over a tenant's records.
    public let rules: [any DetectionRule]
    /// The detectors over a tenant's audit log.
    public let streams: [any AuditStreamDetector]

    public var name: String { "finding-detector" }

    /// Leaves hashed per tenant and pass by the running check of the audit log (a cycle through a log of a million
    /// leaves takes 200 passes).
    public static let leavesCheckedPerPass = 5000
    /// The cursor of the running check in `finding_cursors`.
    static let leafCheckCursor = "audit-leaf-check"

    /// Every rule of Lanyard's over a tenant's records.
    public static let standardRules: [any DetectionRule] = [
        ExpiringUndecidedRule(), UnusedIdentityRule(), UnusedGrantRule(), LongLivedRule(), WeakAuthenticationRule(), LooseTrustRule(),
        LeakOpenRule(), SeparationOfDutiesRule(), AuditGapRule(),
    ]

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, logger: Logger,
        interval: Duration = .seconds(5), policy: DetectionPolicy = DetectionPolicy(), rules: [any DetectionRule] = FindingDetector.standardRules,
        streams: [any AuditStreamDetector] = FindingDetector.standardStreams
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.logger = logger
        self.interval = interval
        self.policy = policy
        self.rules = rules
        self.streams = streams
        self.reconciler = FindingReconciler(store: store, audit: audit, clock: clock, random: random)
    }

    public func runPass() async throws {
        var after: String?
        var failed: [String] = []
        while true {
            let position = after
            let tenants = try await store.read { session in try await session.tenants(after: position, limit: 100) }
            for tenant in tenants {
                do {
                    _ = try await evaluate(tenant: tenant.name)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    logger.error("finding detection failed for a tenant", metadata: ["tenant": "\(tenant.name)", "error": "\(error)"])
                    failed.append(tenant.name)
                }
            }
            guard tenants.count == 100, let last = tenants.last else { break }
            after = last.name
        }
        try await reopenSuppressed()
        if !failed.isEmpty { throw TenantsFailed(tenants: failed) }
    }

    /// The tenants whose detection failed in a pass (each was logged with its error).
    public struct TenantsFailed: Error, CustomStringConvertible {
        public let tenants: [String]
        public var description: String { "finding detection failed for tenants: \(tenants.joined(separator: ", "))" }
    }

    /// One detection pass over `tenant`: the audit-log detectors, then the rules over its records.
    public func evaluate(tenant: String) async throws -> FindingEvaluation {
        var raised = 0
        var resolved = 0
        let streams = self.streams
        let cursors = try await store.read { session in
            var cursors: [Int64] = []
            for stream in streams { cursors.append(try await session.findingCursor(tenant: tenant, detector: stream.name) ?? 0) }
            return cursors
        }
        // The events after the earliest cursor, read and parsed once for every detector.
        let from = cursors.min() ?? 0
        let events = try await store.read { session in
            try await session.auditEvents(tenant: tenant, after: from, limit: AuditStreamDetectorLimits.eventsPerPass)
        }
        let batch = AuditBatch(events: events)
        for (stream, cursor) in zip(streams, cursors) {
            let outcome = try await follow(stream, tenant: tenant, batch: batch.after(cursor))
            raised += outcome.raised.count
            resolved += outcome.resolved.count
        }
        let mismatch = try await checkLeaves(tenant: tenant)
        let now = clock.now()
        let policy = self.policy
        var facts = try await store.read { session in try await TenantFacts.read(tenant: tenant, now: now, policy: policy, in: session) }
        facts.auditMismatch = mismatch
        let detections = rules.flatMap { $0.detect(facts) }
        let outcome = try await reconciler.reconcile(tenant: tenant, kinds: Set(rules.map(\.kind)), detections: detections)
        raised += outcome.raised.count
        resolved += outcome.resolved.count
        // Findings raised by a change elsewhere (the leaver cascade, leak intake) get their evidence here.
        let unresolved = try await store.read { session in try await session.unresolvedFindings(tenant: tenant, kinds: nil) }
        for finding in unresolved where finding.evidence.isEmpty { try await reconciler.linkEvidence(finding) }
        return FindingEvaluation(raised: raised, resolved: resolved, unresolved: unresolved.count)
    }

    /// Runs `stream` over `batch` (the events after its cursor), raises what it detects (or adds the evidence to the
    /// finding that stands), resolves its findings about identities that no longer act, and moves its cursor.
    func follow(_ stream: any AuditStreamDetector, tenant: String, batch: AuditBatch) async throws -> FindingReconciler.Outcome {
        let existing = try await store.read { session in try await session.unresolvedFindings(tenant: tenant, kinds: [stream.kind]) }
        var cache: [String: Identity?] = [:]
        let store = self.store
        func identity(_ id: String) async throws -> Identity? {
            if let known = cache[id] { return known }
            let found = try await store.read { session in try await session.identity(tenant: tenant, id: id) }
            cache[id] = found
            return found
        }
        var detections: [Detection] = []
        let lookup = StreamLookup(identity: identity) { actor, since in
            try await store.read { session in
                try await session.searchAuditEvents(tenant: tenant, query: AuditQuery(actor: actor, since: since, limit: 1000))
            }
        }
        if !batch.events.isEmpty { detections = try await stream.detect(batch, tenant: tenant, now: clock.now(), lookup: lookup) }
        var resolving: [String: String] = [:]
        for finding in existing {
            guard let id = finding.identity else { continue }
            let current = try await identity(id)
            guard let current else {
                resolving[finding.id] = "Identity \(id) no longer exists."
                continue
            }
            if current.status != .active { resolving[finding.id] = "Identity '\(current.name)' is \(current.status.rawValue); it no longer acts." }
        }
        var outcome = FindingReconciler.Outcome()
        if !detections.isEmpty || !resolving.isEmpty {
            outcome = try await reconciler.reconcile(
                tenant: tenant, kinds: [stream.kind], detections: detections, resolveMissing: false, resolving: resolving)
        }
        if let last = batch.events.last?.sequence {
            try await store.write { session in try await session.setFindingCursor(tenant: tenant, detector: stream.name, seq: last) }
        }
        return outcome
    }

    /// Hashes the next leaves of `tenant` (at most ``leavesCheckedPerPass``) against their stored hashes, cycling through
    /// the log: at its head the check starts again from the first unpruned leaf, so a leaf altered after it was first
    /// checked is found on a later cycle. Returns the first leaf whose content does not match its stored hash; the
    /// cursor stays before it, so it is found again on every pass until someone deals with it.
    func checkLeaves(tenant: String) async throws -> Int64? {
        let cursor = try await store.read { session in try await session.findingCursor(tenant: tenant, detector: Self.leafCheckCursor) } ?? 0
        let (leaves, head) = try await store.read { session in
            (
                try await session.auditLeaves(tenant: tenant, after: cursor, limit: Self.leavesCheckedPerPass, content: true),
                try await session.auditHead(tenant: tenant)
            )
        }
        var checked = cursor
        for leaf in leaves {
            if let text = leaf.leaf, AuditLeafHash.of(text) != leaf.leafHash { return leaf.sequence }
            checked = leaf.sequence
        }
        // At the head: the next pass starts the cycle again.
        let next = leaves.count < Self.leavesCheckedPerPass ? head?.prunedThrough ?? 0 : checked
        if next != cursor {
            try await store.write { session in try await session.setFindingCursor(tenant: tenant, detector: Self.leafCheckCursor, seq: next) }
        }
        return nil
    }

    /// Suppressed findings whose date passed are open again (`finding.reopen`).
    func reopenSuppressed() async throws {
        let now = clock.now()
        let due = try await store.read { session in try await session.dueSuppressedFindings(now: now, limit: 500) }
        for finding in due {
            try await store.write { session in
                var reopened = finding
                reopened.status = .open
                reopened.suppressedUntil = nil
                reopened.updatedAt = max(now, finding.updatedAt)
                guard try await session.updateFinding(reopened, ifStatus: .suppressed, updatedAt: finding.updatedAt) else { return }
                try await audit.record(
                    AuditEvent(
                        tenant: finding.tenant, at: now, actor: FindingReconciler.actor, action: .findingReopen, target: finding.subject,
                        details: ["finding": finding.id, "kind": finding.kind.rawValue, "status": "open", "reason": "its suppression ended"]),
                    in: session)
            }
        }
    }
}
