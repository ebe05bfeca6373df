import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

/// A tenant's findings: reading them, and their workflow — acknowledge, suppress with a reason until a date, resolve —
/// each audited. Findings are raised and resolved by the detection rules (``FindingDetector``) and by the changes that
/// reveal and end them (the leaver cascade raises `orphaned-identity`; a transfer resolves it).
///
/// An owner (role `owner`) sees and works only the findings about identities it owns; a list is filtered to them.
public struct Findings: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock

    public init(store: any LanyardStore, audit: any AuditLog = DisabledAuditLog(), clock: any WallClock = SystemClock()) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Findings per page when the request names no `limit`.
    public static let defaultPageSize = 100
    /// The longest suppression.
    public static let maximumSuppression = TimeSpan.days(90)
    /// Reasons and notes: 1–2000 characters.
    public static let reasonLength = 2000

    /// One page of the findings of `tenant` matching `filter`, newest first.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list;
    ///   `not_found` when there is no such tenant; `forbidden`.
    public func page(tenant: String, filter: FindingFilter, page: PageRequest, by principal: Principal) async throws -> Page<Finding> {
        try AdminRoles.require(.findingList, principal, tenant: tenant)
        var narrowed = filter
        if principal.role == .owner { narrowed.owner = principal.subject ?? "" }
        let filter = narrowed
        return try await Page.read(page, list: "findings", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else {
                    throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
                }
                return try await session.findings(tenant: tenant, filter: filter, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.id]
        }
    }

    /// One finding.
    /// - Throws: `not_found` (also for an owner's finding of someone else: it is not theirs to see); `forbidden`.
    public func finding(_ id: String, tenant: String, by principal: Principal) async throws -> Finding {
        try AdminRoles.require(.findingRead, principal, tenant: tenant)
        let found = try await store.read { session in try await session.finding(tenant: tenant, id: id) }
        guard let found, Self.visible(found, to: principal) else { throw Self.notFound(id) }
        return found
    }

    /// Someone is on it: `open` → `acknowledged`.
    /// - Throws: `invalid_state` unless the finding is open; `not_found`; `forbidden`; `conflict` when it changed meanwhile.
    public func acknowledge(_ id: String, note: String?, tenant: String, by principal: Principal) async throws -> Finding {
        try AdminRoles.require(.findingUpdate, principal, tenant: tenant)
        let note = try NameRules.checkText(note, field: "note", maxLength: Self.reasonLength, required: false)
        return try await change(id, tenant: tenant, principal: principal, action: .findingAcknowledge) { finding, now in
            guard finding.status == .open else {
                throw LanyardError(.invalidState, "Finding \(id) is \(finding.status.rawValue); only an open finding can be acknowledged.")
            }
            var updated = finding
            updated.status = .acknowledged
            updated.acknowledgedAt = now
            updated.acknowledgedBy = principal.actor
            return (updated, note.map { ["note": $0] } ?? [:])
        }
    }

    /// Accepted for now: `open` or `acknowledged` → `suppressed` until `duration` from now (1 hour to 90 days), when it is
    /// open again. The cause still resolves it.
    public func suppress(_ id: String, reason: String, duration: String, tenant: String, by principal: Principal) async throws -> Finding {
        try AdminRoles.require(.findingUpdate, principal, tenant: tenant)
        guard principal.role != .owner else {
            throw LanyardError(.forbidden, "An owner cannot suppress a finding about their own identity; ask a security reviewer.")
        }
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Self.reasonLength, required: true) ?? ""
        let span = try TimeSpan(parsing: duration, field: "duration")
        guard span.seconds >= 3600, span <= Self.maximumSuppression else {
            throw LanyardError.invalid("duration", "A finding is suppressed for 1 hour to 90 days, not \(span).")
        }
        return try await change(id, tenant: tenant, principal: principal, action: .findingSuppress) { finding, now in
            guard finding.status == .open || finding.status == .acknowledged else {
                throw LanyardError(
                    .invalidState, "Finding \(id) is \(finding.status.rawValue); only an open or acknowledged finding can be suppressed.")
            }
            var updated = finding
            updated.status = .suppressed
            let until = now.addingTimeInterval(TimeInterval(span.seconds))
            updated.suppressedUntil = until
            updated.suppressReason = "\(reason) (\(principal.actor))"
            return (updated, ["reason": reason, "until": RFC3339Seconds.format(AuditEvent.seconds(of: until))])
        }
    }

    /// A person says it is dealt with. If its cause is still there, the next detection pass raises a new finding.
    public func resolve(_ id: String, reason: String, tenant: String, by principal: Principal) async throws -> Finding {
        try AdminRoles.require(.findingUpdate, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: Self.reasonLength, required: true) ?? ""
        return try await change(id, tenant: tenant, principal: principal, action: .findingResolve) { finding, now in
            guard finding.status.isUnresolved else { throw LanyardError(.invalidState, "Finding \(id) is already resolved.") }
            var updated = finding
            updated.status = .resolved
            updated.resolvedAt = now
            updated.resolution = "\(reason) (\(principal.actor))"
            updated.suppressedUntil = nil
            return (updated, ["reason": reason])
        }
    }

    /// Reads the finding, lets `body` change it, and stores the change with its audit event (target the finding's
    /// subject, `details.finding` its id) in one transaction, if the finding did not change meanwhile.
    func change(
        _ id: String, tenant: String, principal: Principal, action: AuditAction,
        _ body: @Sendable (Finding, Date) throws -> (Finding, [String: String])
    ) async throws -> Finding {
        let now = clock.now()
        return try await store.write { session in
            guard let finding = try await session.finding(tenant: tenant, id: id), Self.visible(finding, to: principal) else {
                throw Self.notFound(id)
            }
            var (updated, details) = try body(finding, now)
            updated.updatedAt = max(now, finding.updatedAt)
            guard try await session.updateFinding(updated, ifStatus: finding.status, updatedAt: finding.updatedAt) else {
                throw LanyardError(.invalidState, "Finding \(id) changed while this request ran; read it again.")
            }
            details["finding"] = id
            details["kind"] = finding.kind.rawValue
            details["status"] = updated.status.rawValue
            try await audit.record(
                AuditEvent(tenant: tenant, at: now, actor: principal.actor, action: action, target: finding.subject, details: details),
                in: session)
            return updated
        }
    }

    /// An owner sees the findings about identities it owns; everyone else allowed to read sees all of the tenant's.
    static func visible(_ finding: Finding, to principal: Principal) -> Bool {
        guard principal.role == .owner else { return true }
        return finding.owner != nil && finding.owner == principal.subject
    }

    static func notFound(_ id: String) -> LanyardError {
        LanyardError(.notFound, "There is no finding '\(id.prefix(64))' in this tenant.")
    }
}
