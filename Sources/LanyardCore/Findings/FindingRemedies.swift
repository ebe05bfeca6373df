import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// A finding's remediation in one call: suspend its identity, revoke its credentials, shorten its life, revoke the
/// entitlement it names, or start a review of its owner's identities. The remediation is performed as the caller,
/// through the service that owns it (so it is authorized and audited as if asked for directly), then the finding is
/// resolved with a `finding.remediate` event naming what was done. A review leaves the finding open (acknowledged):
/// the reviewers decide.
public struct FindingRemedies: Sendable {
    let findings: Findings
    let inventory: Inventory
    let credentials: CredentialRecords
    let entitlements: Entitlements
    let reviews: Reviews

    public init(findings: Findings, inventory: Inventory, credentials: CredentialRecords, entitlements: Entitlements, reviews: Reviews) {
        self.findings = findings
        self.inventory = inventory
        self.credentials = credentials
        self.entitlements = entitlements
        self.reviews = reviews
    }

    /// Applies `request` to the finding `id`.
    /// - Throws: `invalid_state` for a resolved finding or a remedy that does not fit it (no identity, no entitlement);
    ///   the remedy's own errors; `not_found`; `forbidden`.
    public func remediate(_ id: String, _ request: RemediateFindingRequest, tenant: String, by principal: Principal) async throws
        -> FindingRemediation
    {
        try AdminRoles.require(.findingRemediate, principal, tenant: tenant)
        let reason = try NameRules.checkText(request.reason, field: "reason", maxLength: Findings.reasonLength, required: true) ?? ""
        let finding = try await findings.finding(id, tenant: tenant, by: principal)
        guard finding.status.isUnresolved else { throw LanyardError(.invalidState, "Finding \(id) is already resolved.") }
        let because = "finding \(finding.id): \(reason)"
        func identity() throws -> String {
            guard let identity = finding.identity else {
                throw LanyardError(.invalidState, "Finding \(id) concerns no identity; \(request.action.rawValue) does not apply to it.")
            }
            return identity
        }
        let target: String
        let outcome: String
        var resolves = true
        switch request.action {
        case .suspend:
            let suspended = try await inventory.suspend(
                try identity(), reason: String(because.prefix(Inventory.Limits.reasonLength)), tenant: tenant, by: principal)
            target = "identity:\(suspended.id)"
            outcome = "Identity '\(suspended.name)' is suspended and its credentials are revoked."
        case .revokeCredentials:
            let id = try identity()
            let count = try await credentials.revoke(.identity(id: id), tenant: tenant, reason: String(because.prefix(200)), by: principal)
            target = "identity:\(id)"
            outcome = "\(count) credential(s) of identity \(id) revoked."
        case .shortenExpiry:
            let shortened = try await inventory.shorten(try identity(), to: request.duration ?? "1d", tenant: tenant, by: principal)
            target = "identity:\(shortened.id)"
            outcome = "Identity '\(shortened.name)' now expires at \(RFC3339Seconds.format(AuditEvent.seconds(of: shortened.expiresAt)))."
        case .revokeGrant:
            guard let entitlement = finding.details["entitlement"] else {
                throw LanyardError(.invalidState, "Finding \(id) names no entitlement; revoke-grant does not apply to it.")
            }
            let revoked = try await entitlements.revoke(entitlement, reason: String(because.prefix(500)), tenant: tenant, by: principal)
            target = "entitlement:\(revoked.id)"
            outcome = "Entitlement \(revoked.id) revoked."
        case .startReview:
            guard let owner = finding.owner else {
                throw LanyardError(.invalidState, "Finding \(id) names no owner; start-review does not apply to it.")
            }
            let campaign = try await reviews.start(
                StartReviewRequest(name: "finding-\(finding.id)", duration: request.duration ?? "7d", owners: [owner]), tenant: tenant, by: principal)
            target = "review:\(campaign.campaign.id)"
            outcome = "Review campaign \(campaign.campaign.id) started for the identities of \(owner)."
            resolves = false
        }
        let resolving = resolves
        let remedied = try await findings.change(id, tenant: tenant, principal: principal, action: .findingRemediate) { current, now in
            var updated = current
            if resolving {
                updated.status = .resolved
                updated.resolvedAt = now
                updated.resolution = "Remediated by \(principal.actor): \(request.action.rawValue) (\(reason))."
                updated.suppressedUntil = nil
            } else if updated.status == .open {
                updated.status = .acknowledged
                updated.acknowledgedAt = now
                updated.acknowledgedBy = principal.actor
            }
            return (updated, ["remedy": request.action.rawValue, "remedyTarget": target, "reason": reason])
        }
        return FindingRemediation(finding: remedied, action: request.action, target: target, outcome: outcome)
    }
}
