public import Foundation
import LanyardAudit
public import LanyardModel
public import Logging

/// Tells owners that an identity expires soon: for every active identity whose `expiresAt − lead ≤ now < expiresAt`
/// for one of its template's ``IdentityTemplate/expiryNotices`` leads, one `identity.expiring` webhook, audited as
/// `identity.expiry_notice`.
///
/// A ``LeaderJob``: the leader runs a pass every ``interval``; ``notify()`` is what tests call with an injected clock.
/// Each notice is recorded (``ExpiryNoticeStore``, keyed by identity, expiry and lead) in the transaction that queues
/// its webhook and writes its audit event, so a crash loses or doubles none, and a pass on a second node finds it
/// recorded. When several leads are due at once (the identity was registered, or the server was down, inside more
/// than one lead), only the shortest is sent, and a longer one never follows it. An extension gives the identity a
/// new `expiresAt`, about which no notice was sent yet.
///
/// Cost: per pass, one read of the tenants, then per tenant one read of its templates and one indexed query per lead
/// (templates with the same leads share it) for the identities that have a notice due and none recorded.
public struct ExpiryNotices: LeaderJob {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    public let interval: Duration
    let logger: Logger
    /// Notices per transaction.
    let batchSize: Int
    /// Where notices queue their `identity.expiring` webhooks.
    let outbox: WebhookOutbox

    /// The actor of `identity.expiry_notice` audit events.
    public static let actor = "system:expiry-notices"

    public var name: String { "expiry-notices" }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, interval: Duration, logger: Logger, batchSize: Int = 100,
        random: any RandomSource = SystemRandom()
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.batchSize = max(1, batchSize)
        self.outbox = WebhookOutbox(random: random)
    }

    public func runPass() async throws {
        let count = try await notify()
        if count > 0 { logger.info("sent expiry notices", metadata: ["count": "\(count)"]) }
    }

    /// Sends every notice due now, in every tenant. Returns how many were sent.
    @discardableResult
    public func notify() async throws -> Int {
        let now = clock.now()
        let tenants = try await store.read { try await $0.tenants() }
        var total = 0
        for tenant in tenants {
            let templates = try await store.read { try await $0.templates(tenant: tenant.name) }
            for band in Band.all(for: templates, at: now) {
                total += try await send(band, tenant: tenant.name, at: now)
            }
        }
        return total
    }

    /// The identities whose shortest due lead is one lead of a group of templates: those expiring after `now` plus
    /// the next shorter lead (or after `now`) and at or before `now` plus this lead.
    struct Band: Sendable, Hashable {
        /// Templates with the same leads.
        var templates: [String]
        var lead: TimeSpan
        var expiringAfter: Date
        var atOrBefore: Date

        /// The bands of `templates` at `now`: per group of templates with the same leads, one band per lead,
        /// shortest first, the bands adjoining and not overlapping.
        static func all(for templates: [IdentityTemplate], at now: Date) -> [Band] {
            var groups: [[TimeSpan]: [String]] = [:]
            for template in templates where !template.expiryNotices.isEmpty {
                groups[Array(Set(template.expiryNotices)).sorted(), default: []].append(template.name)
            }
            var bands: [Band] = []
            for (leads, names) in groups.sorted(by: { $0.value.min() ?? "" < $1.value.min() ?? "" }) {
                var lower = now
                for lead in leads {
                    let upper = now.addingTimeInterval(TimeInterval(lead.seconds))
                    bands.append(Band(templates: names.sorted(), lead: lead, expiringAfter: lower, atOrBefore: upper))
                    lower = upper
                }
            }
            return bands
        }
    }

    /// Sends the notices of one band, a batch per transaction. Returns how many were sent.
    private func send(_ band: Band, tenant: String, at now: Date) async throws -> Int {
        let batchSize = self.batchSize
        @Sendable func due(_ session: any StoreSession, limit: Int) async throws -> [Identity] {
            try await session.identitiesDueForExpiryNotice(
                tenant: tenant, templates: band.templates, lead: band.lead, expiringAfter: band.expiringAfter, atOrBefore: band.atOrBefore,
                limit: limit)
        }
        // A read first, so that a pass with nothing due opens no write transaction.
        guard try await !store.read({ try await due($0, limit: 1) }).isEmpty else { return 0 }
        var total = 0
        while true {
            let batch = try await store.write { session in
                let identities = try await due(session, limit: batchSize)
                var sent = 0
                for identity in identities {
                    let notice = ExpiryNotice(tenant: tenant, identityID: identity.id, expiresAt: identity.expiresAt, lead: band.lead, sentAt: now)
                    // Conditional: a pass on another node that got here first leaves nothing to do, and no event.
                    guard try await session.recordExpiryNotice(notice) else { continue }
                    var details = [
                        "expiresAt": RFC3339Seconds.format(Int64(identity.expiresAt.timeIntervalSince1970)), "lead": band.lead.description,
                        "owner": identity.owner,
                    ]
                    if let backup = identity.backupOwner { details["backupOwner"] = backup }
                    try await audit.record(
                        AuditEvent(
                            tenant: tenant, at: now, actor: Self.actor, action: .identityExpiryNotice, target: "identity:\(identity.id)",
                            details: details),
                        in: session)
                    try await outbox.queue(.identityExpiring(identity, lead: band.lead, at: now), in: session)
                    sent += 1
                }
                return (due: identities.count, sent: sent)
            }
            total += batch.sent
            if batch.due < batchSize || batch.sent == 0 { return total }
        }
    }
}
