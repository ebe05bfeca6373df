public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardCredentials
public import LanyardModel

/// Leak intake: the one path every door (GitHub's partner format, GitLab's revocation API, the plain endpoint) takes
/// from a reported token to a dead credential.
///
/// For each token: bounded and rate-limited per door and tenant; recognised by its SHA-256 or its verified signature
/// (``LeakedToken``), never stored raw; refused (audited, nothing changed) when it belongs to another tenant than the
/// door's; answered from the earlier report when the tenant has one for the same hash (idempotent: no second
/// revocation); otherwise ``LeakRevocation`` revokes it with everything derived from it, marks its identity
/// `compromised`, raises a finding, notifies the owner by webhook and audits — all in the transaction that stores the
/// report with its time to revoke.
public struct LeakIntake: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let ring: KeyRing
    let limiter: LeakRateLimiter
    /// How many refusals per door and tenant are audited: the GitHub and GitLab doors answer anyone, so a flood of bad
    /// requests must not become a flood of audit events. Past the budget a refusal is still refused, only not recorded.
    let refusals: LeakRateLimiter

    /// The intake's clock: doors stamp a request's arrival with it (the start of its time to revoke).
    public func now() -> Date { clock.now() }

    /// Reports per page when the request names no `limit`.
    public static let defaultPageSize = 100

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, ring: KeyRing,
        limiter: LeakRateLimiter = LeakRateLimiter(), refusals: LeakRateLimiter = LeakRateLimiter(capacity: 100, refillPerSecond: 1)
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.ring = ring
        self.limiter = limiter
        self.refusals = refusals
    }

    /// One reported token, as a door received it.
    public struct Submission: Sendable {
        public var token: String
        /// The reporter's type name (GitHub's and GitLab's `type`; the plain door's is `lanyard`).
        public var type: String
        public var location: String?
        public var source: String?

        public init(token: String, type: String, location: String?, source: String?) {
            self.token = token
            self.type = type
            self.location = location
            self.source = source
        }
    }

    /// What happened to one submission.
    public struct Outcome: Sendable, Hashable {
        /// The report (new or earlier); nil when the token was refused.
        public var report: LeakReport?
        public var tokenHash: String
        /// Whether the report existed before this submission.
        public var repeated: Bool
        /// Whether the token was refused (another tenant's, through a tenant door).
        public var refused: Bool

        /// The outcome's name in API answers: the report's outcome, or `refused`.
        public var name: String { refused ? "refused" : report?.outcome.rawValue ?? LeakOutcome.unknown.rawValue }
        /// GitHub's feedback label.
        public var feedbackLabel: String { report?.outcome.feedbackLabel ?? LeakOutcome.unknown.feedbackLabel }
    }

    /// Processes `submissions` that came through `door`. `tenant` is the door's tenant (nil for the server-wide GitHub
    /// door); `actor` names the reporter in audit events; `receivedAt` is when the request arrived (the start of the
    /// time to revoke); `tenantOfIssuer` maps one of this server's issuer URLs to its tenant.
    /// - Throws: `invalid_field` for a token or label out of bounds (nothing processed); `rate_limited` when the door's
    ///   budget is spent (nothing processed).
    public func report(
        _ submissions: [Submission], door: LeakDoor, tenant: String?, actor: String, receivedAt: Date,
        tenantOfIssuer: @escaping @Sendable (String) -> String?
    ) async throws -> [Outcome] {
        let checked = try submissions.map(Self.check)
        guard limiter.take(checked.count, door: door, tenant: tenant ?? "", at: clock.now()) else {
            try await refuse(door: door, tenant: tenant, actor: actor, reason: "rate limited", details: ["tokens": String(checked.count)])
            throw LanyardError(.rateLimited, "Too many leak reports through this door just now; retry in a few seconds.")
        }
        var outcomes: [Outcome] = []
        for submission in checked {
            outcomes.append(try await one(submission, door: door, tenant: tenant, actor: actor, receivedAt: receivedAt, tenantOfIssuer: tenantOfIssuer))
        }
        return outcomes
    }

    private func one(
        _ submission: Submission, door: LeakDoor, tenant doorTenant: String?, actor: String, receivedAt: Date,
        tenantOfIssuer: @escaping @Sendable (String) -> String?
    ) async throws -> Outcome {
        let hash = TokenHasher.hash(submission.token)
        let token = try await LeakedToken.recognise(submission.token, hash: hash, ring: ring, store: store, tenantOfIssuer: tenantOfIssuer)
        if let doorTenant, token.kind != .unknown, token.tenant != doorTenant {
            try await refuse(
                door: door, tenant: doorTenant, actor: actor, reason: "a token of another tenant",
                details: ["tokenHash": hash, "kind": token.kind.rawValue])
            return Outcome(report: nil, tokenHash: hash, repeated: false, refused: true)
        }
        let tenant = token.tenant ?? doorTenant ?? ""
        var generator = random.generator()
        let id = IdentifierFormat.make(prefix: "lkr", using: &generator)
        let draft = LeakReport(
            id: id, tenant: tenant, tokenHash: hash, door: door, reportedType: submission.type, kind: token.kind, location: submission.location,
            source: submission.source, receivedAt: receivedAt, outcome: .unknown)
        let revocation = LeakRevocation(audit: audit, clock: clock, random: random, outbox: WebhookOutbox(random: random), actor: actor)
        let audit = self.audit
        do {
            return try await store.writeGrouped { session in
                if let earlier = try await session.leakReport(tenant: tenant, tokenHash: hash) {
                    return Outcome(report: earlier, tokenHash: hash, repeated: true, refused: false)
                }
                let report = try await revocation.revoke(token, report: draft, in: session)
                try await session.insertLeakReport(report)
                try await audit.record(
                    AuditEvent(
                        tenant: tenant.isEmpty ? Tenant.defaultName : tenant, at: report.revokedAt ?? receivedAt, actor: actor, action: .leakReport,
                        target: "leak:\(report.id)", after: LanyardJSON.value(of: report), details: Self.details(of: report)),
                    in: session)
                return Outcome(report: report, tokenHash: hash, repeated: false, refused: false)
            }
        } catch let error as LanyardError where error.code == .alreadyExists {
            // The same token reported at the same moment through another request: that report is the answer.
            guard let earlier = try await store.read({ try await $0.leakReport(tenant: tenant, tokenHash: hash) }) else { throw error }
            return Outcome(report: earlier, tokenHash: hash, repeated: true, refused: false)
        }
    }

    /// Audits a refused report (bad or missing signature, unknown key, over its bound, rate limited, another tenant's
    /// token) under the door's tenant (the default tenant for the server-wide door), within the door's refusal budget
    /// (``refusals``: 100 at once, one more a second). Nothing else is written.
    public func refuse(door: LeakDoor, tenant: String?, actor: String, reason: String, details extra: [String: String] = [:]) async throws {
        let now = clock.now()
        guard refusals.take(1, door: door, tenant: tenant ?? "", at: now) else { return }
        var details = extra
        details["door"] = door.rawValue
        details["reason"] = reason
        let event = AuditEvent(
            tenant: tenant ?? Tenant.defaultName, at: now, actor: actor, action: .leakRefuse, target: "leak-door:\(door.rawValue)", details: details)
        let audit = self.audit
        try await store.write { session in try await audit.record(event, in: session) }
    }

    /// One page of the tenant's leak reports, newest first.
    public func page(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<LeakReport> {
        try AdminRoles.require(.leakList, principal, tenant: tenant)
        return try await Page.read(page, list: "leaks", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (receivedAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                return try await session.leakReports(tenant: tenant, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.receivedAt)), $0.id]
        }
    }

    /// The plain door: `principal` (allowed `leak.report` in `tenant`) reports tokens it found.
    public func report(
        _ request: ReportLeaksRequest, tenant: String, by principal: Principal, receivedAt: Date,
        tenantOfIssuer: @escaping @Sendable (String) -> String?
    ) async throws -> [Outcome] {
        try AdminRoles.require(.leakReport, principal, tenant: tenant)
        guard !request.tokens.isEmpty, request.tokens.count <= ReportLeaksRequest.maxTokens else {
            throw LanyardError.invalid("tokens", "Report 1 to \(ReportLeaksRequest.maxTokens) tokens at a time.")
        }
        let submissions = request.tokens.map { Submission(token: $0.token, type: "lanyard", location: $0.location, source: $0.source) }
        return try await report(submissions, door: .api, tenant: tenant, actor: principal.actor, receivedAt: receivedAt, tenantOfIssuer: tenantOfIssuer)
    }

    /// A submission within bounds (in Unicode code points, as JSON Schema counts): a token of 1–16384; `type` and
    /// `source` at most 128, `location` at most 2048, none with control characters (blank ones dropped).
    static func check(_ submission: Submission) throws -> Submission {
        guard !submission.token.isEmpty, submission.token.unicodeScalars.count <= LeakReport.maxTokenLength else {
            throw LanyardError.invalid("token", "Each token must be 1 to \(LeakReport.maxTokenLength) characters.")
        }
        func label(_ text: String?, _ field: String, _ limit: Int) throws -> String? {
            guard let text, text.unicodeScalars.count <= limit else {
                if text != nil { throw LanyardError.invalid(field, "\(field) is longer than \(limit) characters.") }
                return nil
            }
            return try NameRules.checkText(text, field: field, maxLength: limit, required: false)
        }
        return Submission(
            token: submission.token, type: try label(submission.type, "type", LeakReport.maxLabelLength) ?? "unknown",
            location: try label(submission.location, "location", LeakReport.maxLocationLength),
            source: try label(submission.source, "source", LeakReport.maxLabelLength))
    }

    static func details(of report: LeakReport) -> [String: String] {
        var details = [
            "door": report.door.rawValue, "tokenHash": report.tokenHash, "kind": report.kind.rawValue, "outcome": report.outcome.rawValue,
            "type": report.reportedType, "revokedCount": String(report.revokedCount),
        ]
        details["location"] = report.location
        details["source"] = report.source
        details["identity"] = report.identity
        details["credential"] = report.credential
        details["revokeMilliseconds"] = report.revokeMilliseconds.map { String($0) }
        return details
    }
}
