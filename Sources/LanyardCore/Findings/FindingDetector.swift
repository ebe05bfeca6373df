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
    /// How often the rules over a tenant's records run (the audit-log detectors run every ``interval``).
    public let rulesInterval: Duration
    public let policy: DetectionPolicy
    /// The rules over a tenant's records.
    public let rules: [any DetectionRule]
    /// The detectors over a tenant's audit log.
    public let streams: [any AuditStreamDetector]

    public var name: String { "finding-detector" }

    /// Leaves hashed per tenant and pass by the running check of the audit log (a cycle through a log of a million
    /// leaves takes 200 passes).
    public static let leavesCheckedPerPass = 5000
    /// Leaves, or sequence numbers of events, read at a time by a pass: no read holds a reader connection, or more
    /// than 1,000 rows in memory, for long, and other work runs between two reads. (Under the MCP gateway's 1,000
    /// calls/s a pass over ~10,000 new events took ~80 ms of CPU before this and its bulk leaf path, ~55 ms after; the
    /// gateway's slowest calls still cluster around each pass.)
    static let readPiece = 1000
    /// The cursor of the running check in `finding_cursors`.
    static let leafCheckCursor = "audit-leaf-check"
    /// When the running check last started a cycle from the first leaf (Unix seconds, in `finding_cursors`).
    static let leafCycleCursor = "audit-leaf-cycle"
    /// Seconds between two cycles of the running check through the whole log.
    static let leafCycleInterval: Int64 = 3600
    /// When the rules over the tenant's records last ran (Unix seconds, in `finding_cursors`).
    static let rulesCursor = "rules"

    /// Every rule of Lanyard's over a tenant's records.
    public static let standardRules: [any DetectionRule] = [
        ExpiringUndecidedRule(), UnusedIdentityRule(), UnusedGrantRule(), LongLivedRule(), WeakAuthenticationRule(), LooseTrustRule(),
        LeakOpenRule(), SeparationOfDutiesRule(), AuditGapRule(),
    ]

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, logger: Logger,
        interval: Duration = .seconds(5), rulesInterval: Duration = .seconds(60), policy: DetectionPolicy = DetectionPolicy(),
        rules: [any DetectionRule] = FindingDetector.standardRules,
        streams: [any AuditStreamDetector] = FindingDetector.standardStreams
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.logger = logger
        self.interval = interval
        self.rulesInterval = rulesInterval
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
                    _ = try await evaluate(tenant: tenant.name, rules: try await rulesDue(tenant: tenant.name))
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

    /// Whether the rules over `tenant`'s records are due (``rulesInterval`` since their last run, kept in
    /// `finding_cursors` so a new leader keeps the pace); if so, records this run.
    func rulesDue(tenant: String) async throws -> Bool {
        let now = Int64(clock.now().timeIntervalSince1970)
        let last = try await store.read { session in try await session.findingCursor(tenant: tenant, detector: Self.rulesCursor) } ?? 0
        let every = rulesInterval.components.seconds
        guard now >= last &+ every || now < last else { return false }
        try await store.writeGrouped { session in try await session.setFindingCursor(tenant: tenant, detector: Self.rulesCursor, seq: now) }
        return true
    }

    /// One detection pass over `tenant`: the audit-log detectors over the events since their cursors, the check of new
    /// audit leaves, and (with `rules`) the rules over its records, the resolution of findings about identities that
    /// stopped acting and the evidence of findings raised elsewhere. Without `rules`, `unresolved` is not counted (0).
    public func evaluate(tenant: String, rules runRules: Bool = true) async throws -> FindingEvaluation {
        var raised = 0
        var resolved = 0
        let streams = self.streams
        let actions = Array(Set(streams.flatMap(\.actions))).sorted()
        // An action some detector reads in full is read in full; the others only when their leaf has one of its markers.
        var markers: [String: [String]] = [:]
        for action in actions {
            let wanting = streams.filter { $0.actions.contains(action) }
            if let marker = wanting.first?.markers[action], wanting.allSatisfy({ $0.markers[action] == marker }) { markers[action] = marker }
        }
        let filter = markers
        // The head first: events up to it are all committed (sequence numbers are given out in commit order per tenant).
        let (cursors, head) = try await store.read { session in
            var cursors: [Int64] = []
            for stream in streams { cursors.append(try await session.findingCursor(tenant: tenant, detector: stream.name) ?? 0) }
            return (cursors, try await session.auditHead(tenant: tenant)?.size ?? 0)
        }
        // The events after the earliest cursor that some detector reads, decoded and parsed once for all of them.
        let from = cursors.min() ?? head
        var events: [AuditEvent] = []
        var low = from
        while low < head, events.count < AuditStreamDetectorLimits.eventsPerPass {
            let (after, through, limit) = (low, min(head, low &+ Int64(Self.readPiece)), AuditStreamDetectorLimits.eventsPerPass - events.count)
            events += try await store.readInBackground { session in
                try await session.auditEvents(tenant: tenant, after: after, through: through, actions: actions, markers: filter, limit: limit)
            }
            low = through
        }
        let reached = events.count < AuditStreamDetectorLimits.eventsPerPass ? head : events.last?.sequence ?? from
        let batch = AuditBatch(events: events, decisionKeys: Set(streams.flatMap(\.decisionKeys)))
        for (stream, cursor) in zip(streams, cursors) {
            let outcome = try await follow(
                stream, tenant: tenant, batch: batch.after(cursor, actions: stream.actions), cursor: cursor, reached: reached, settle: runRules)
            raised += outcome.raised.count
            resolved += outcome.resolved.count
        }
        let leafCheck = try await checkLeaves(tenant: tenant)
        if runRules || leafCheck.problem != nil {
            let now = clock.now()
            let policy = self.policy
            var facts = try await store.read { session in
                try await TenantFacts.read(tenant: tenant, now: now, policy: policy, auditCounts: false, in: session)
            }
            facts.auditMismatch = leafCheck.mismatch
            facts.auditGap = leafCheck.gap
            let kinds = runRules ? Set(rules.map(\.kind)) : [.auditGap]
            let detections = rules.filter { kinds.contains($0.kind) }.flatMap { $0.detect(facts) }
            let outcome = try await reconciler.reconcile(tenant: tenant, kinds: kinds, detections: detections)
            raised += outcome.raised.count
            resolved += outcome.resolved.count
        }
        // Findings raised by a change elsewhere (the leaver cascade, leak intake) get their evidence with the rules.
        guard runRules else { return FindingEvaluation(raised: raised, resolved: resolved, unresolved: 0) }
        let unresolved = try await store.read { session in try await session.unresolvedFindings(tenant: tenant, kinds: nil) }
        for finding in unresolved where finding.evidence.isEmpty { try await reconciler.linkEvidence(finding) }
        return FindingEvaluation(raised: raised, resolved: resolved, unresolved: unresolved.count)
    }

    /// Runs `stream` over `batch` (its events after its cursor), raises what it detects (or adds the evidence to the
    /// finding that stands), resolves its findings about identities that no longer act — when it detected something,
    /// or with `settle` (the per-minute run of the rules), so a quiet pass reads nothing more — and moves its cursor
    /// from `cursor` to `reached`.
    func follow(
        _ stream: any AuditStreamDetector, tenant: String, batch: AuditBatch, cursor: Int64, reached: Int64, settle: Bool
    ) async throws -> FindingReconciler.Outcome {
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
        let existing =
            settle || !detections.isEmpty
            ? try await store.read { session in try await session.unresolvedFindings(tenant: tenant, kinds: [stream.kind]) } : []
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
        // Grouped: a cursor rides the appender's next commit instead of a transaction of its own, which would hold the
        // log's writer (and every call waiting for its record) through one more fsync.
        if reached > cursor {
            try await store.writeGrouped { session in try await session.setFindingCursor(tenant: tenant, detector: stream.name, seq: reached) }
        }
        return outcome
    }

    /// What the running check of a tenant's audit leaves found.
    struct LeafCheck: Sendable {
        /// The first leaf whose content does not hash to its stored hash.
        var mismatch: Int64?
        /// The first sequence number missing from the stored leaves (or a leaf past the head).
        var gap: Int64?
        var problem: Int64? { mismatch ?? gap }
    }

    /// Hashes the next leaves of `tenant` (at most ``leavesCheckedPerPass``) against their stored hashes and checks that
    /// their sequence numbers follow each other up to the head. New leaves are checked as they come; once at the head,
    /// the check starts a new cycle from the first unpruned leaf at most every ``leafCycleInterval``, so a leaf altered
    /// after its first check is found too. A problem keeps the cursor before it, so it is found again on every pass.
    func checkLeaves(tenant: String) async throws -> LeafCheck {
        // The head first: every leaf up to it is committed, so the leaves read after it include them all.
        let (cursor, lastCycle, head) = try await store.read { session in
            let cursor = try await session.findingCursor(tenant: tenant, detector: Self.leafCheckCursor) ?? 0
            let lastCycle = try await session.findingCursor(tenant: tenant, detector: Self.leafCycleCursor) ?? 0
            let head = try await session.auditHead(tenant: tenant) ?? AuditHead(size: 0, prunedThrough: 0)
            return (cursor, lastCycle, head)
        }
        var checked = max(cursor, head.prunedThrough)
        var read = 0
        var atEnd = false
        // In pieces, through the store's bulk path (on SQLite, SQLKit's decoding of 5,000 rows alone took ~40 ms).
        while !atEnd, read < Self.leavesCheckedPerPass {
            let wanted = min(Self.readPiece, Self.leavesCheckedPerPass - read)
            let leaves = try await store.auditLeafPage(tenant: tenant, after: checked, limit: wanted)
            read += leaves.count
            for leaf in leaves where leaf.sequence <= head.size {
                guard leaf.sequence == checked &+ 1 else { return try await gap(at: checked &+ 1, tenant: tenant) }
                guard let text = leaf.leaf else { return try await gap(at: leaf.sequence, tenant: tenant) }
                if AuditLeafHash.of(text) != leaf.leafHash { return LeafCheck(mismatch: leaf.sequence) }
                checked = leaf.sequence
            }
            // Every stored leaf after the cursor was read, or every one up to the head.
            atEnd = leaves.count < wanted || checked >= head.size
        }
        // Every stored leaf after the cursor was read, and the head counts more: those are missing.
        if atEnd && checked < head.size { return try await gap(at: checked &+ 1, tenant: tenant) }
        var next = checked
        let now = Int64(clock.now().timeIntervalSince1970)
        if atEnd && (now >= lastCycle &+ Self.leafCycleInterval || now < lastCycle) {
            next = head.prunedThrough
            try await store.writeGrouped { session in try await session.setFindingCursor(tenant: tenant, detector: Self.leafCycleCursor, seq: now) }
        }
        if next != cursor {
            let through = next
            try await store.writeGrouped { session in try await session.setFindingCursor(tenant: tenant, detector: Self.leafCheckCursor, seq: through) }
        }
        return LeafCheck()
    }

    /// A gap at `sequence`, unless the log was pruned through it since the pass read the head (the pieces of a pass are
    /// read apart): then nothing is wrong, and the next pass starts after the pruned prefix.
    private func gap(at sequence: Int64, tenant: String) async throws -> LeafCheck {
        let head = try await store.read { session in try await session.auditHead(tenant: tenant) }
        if let head, head.prunedThrough >= sequence { return LeafCheck() }
        return LeafCheck(gap: sequence)
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
