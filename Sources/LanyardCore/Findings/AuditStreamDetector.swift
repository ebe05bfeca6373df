public import Foundation
import LanyardAudit
public import LanyardModel

/// A detector over a tenant's audit log as it grows: it sees each event once (the events after its cursor in
/// `finding_cursors`), so what it reads is the decisions and issuances as they happen, and each detection carries the
/// events that show it as evidence. Its findings about an identity are resolved when the identity stops acting
/// (suspended, offboarded, expired) or by a person.
public protocol AuditStreamDetector: Sendable {
    /// Its cursor's name (`drift`).
    var name: String { get }
    var kind: FindingKind { get }
    /// The audit actions it reads (the others are never decoded for it).
    var actions: Set<String> { get }
    /// For some of ``actions``, texts of which the stored leaf must contain one to be worth decoding (`"jkt":` for
    /// issuances: only DPoP-bound ones; `Lanyard::Identity::` for decisions: only those about an identity), checked by
    /// the database.
    var markers: [String: [String]] { get }
    /// For a detector over decisions: the request members it reads (names in the context or the resource's
    /// properties). A decision event whose records name none of them is not parsed.
    var decisionKeys: Set<String> { get }
    /// The detections in `batch`.
    func detect(_ batch: AuditBatch, tenant: String, now: Date, lookup: StreamLookup) async throws -> [Detection]
}

/// Audit events appended since a detector's cursor, with the decisions among them read once for every detector.
public struct AuditBatch: Sendable {
    public let events: [AuditEvent]
    /// The evaluations about identities in ``events``.
    let decisions: [LoggedDecision]

    /// The batch of `events`, with the decisions among them that name one of `decisionKeys` parsed.
    public init(events: [AuditEvent], decisionKeys: Set<String>) {
        self.events = events
        self.decisions = LoggedDecision.read(events, naming: decisionKeys)
    }

    private init(events: [AuditEvent], decisions: [LoggedDecision]) {
        self.events = events
        self.decisions = decisions
    }

    /// The part of the batch after sequence number `cursor` with one of `actions`.
    func after(_ cursor: Int64, actions: Set<String>) -> AuditBatch {
        AuditBatch(
            events: events.filter { $0.sequence > cursor && actions.contains($0.action) },
            decisions: decisions.filter { $0.sequence > cursor && actions.contains($0.action) })
    }
}

/// What a detector may look up while it reads new events: identities (cached for the pass), and the earlier events
/// of one actor (a window that reaches back before the detector's cursor).
public struct StreamLookup {
    let identityLookup: (String) async throws -> Identity?
    let eventsLookup: (String, Date) async throws -> [AuditEvent]

    public init(identity: @escaping (String) async throws -> Identity?, events: @escaping (String, Date) async throws -> [AuditEvent]) {
        self.identityLookup = identity
        self.eventsLookup = events
    }

    /// The identity of the tenant with this id.
    public func identity(_ id: String) async throws -> Identity? { try await identityLookup(id) }
    /// The events of `actor` (`identity:idn_…`) at or after `since`, oldest first (at most 1000).
    public func events(of actor: String, since: Date) async throws -> [AuditEvent] { try await eventsLookup(actor, since) }
}

/// Bounds of the audit-log detectors.
public enum AuditStreamDetectorLimits {
    /// Events read per tenant and pass; a backlog is worked off over several passes.
    public static let eventsPerPass = 5000
    /// The actions of decision events.
    public static let decisions: Set<String> = [AuditAction.authzEvaluation.rawValue, AuditAction.authzEvaluations.rawValue]
    /// What a decision event's leaf contains when one of its records is about an identity (its principal is a
    /// `Lanyard::Identity`): the database reads only those back for the detectors over decisions.
    public static let identityDecisions: [String: [String]] = Dictionary(
        uniqueKeysWithValues: decisions.map { ($0, ["Lanyard::Identity::"]) })
}

extension AuditStreamDetector {
    public var markers: [String: [String]] { [:] }
    public var decisionKeys: Set<String> { [] }
}

extension FindingDetector {
    /// Every detector of Lanyard's over the audit log.
    public static let standardStreams: [any AuditStreamDetector] = [DriftDetector(), HumanUseDetector(), ReuseDetector()]
}
