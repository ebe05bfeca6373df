import LanyardAudit
public import LanyardModel

/// The catalogue of webhook event types: what an endpoint can subscribe to (its filter) and what the `type` of a
/// delivered message says. Names are `noun.past-tense-verb`; never rename one (receivers match on them), add a case.
public enum WebhookEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case identityRegistered = "identity.registered"
    case identityExtended = "identity.extended"
    case identitySuspended = "identity.suspended"
    case identityResumed = "identity.resumed"
    case identityExpired = "identity.expired"
    /// An identity expires soon: one of its template's expiry-notice leads fell due (sent once per lead and expiry).
    case identityExpiring = "identity.expiring"
    case identityOffboarded = "identity.offboarded"
    /// An identity's owner left: it may not act, its credentials are revoked, and it is suspended after its grace
    /// period unless it is transferred. The message names the backup owner to tell.
    case identityOrphaned = "identity.orphaned"
    /// An identity moved to a new owner.
    case identityTransferred = "identity.transferred"
    /// A prototype graduated into a managed identity (the message carries the new identity).
    case identityGraduated = "identity.graduated"
    /// An identity's owner left (deactivated or deleted in the directory).
    case ownerDeactivated = "owner.deactivated"
    /// Credentials were revoked (by an administrator, or because their identity stopped being active).
    case credentialRevoked = "credential.revoked"
    /// An entitlement was granted (the message carries it): by an administrator, an approved request or break-glass.
    case entitlementGranted = "entitlement.granted"
    /// An entitlement ended: revoked, used up, its task ended, or expired (the message carries it, ended).
    case entitlementEnded = "entitlement.ended"
    /// An access request was made: approvers may act (the message carries the request).
    case accessRequestCreated = "access_request.created"
    /// An access request was approved and its entitlement granted: the requester (an agent waiting) may proceed.
    case accessRequestApproved = "access_request.approved"
    /// An access request was denied.
    case accessRequestDenied = "access_request.denied"
    /// Break-glass was opened: sent at once to every subscribed endpoint (the would-be approvers), naming the identity,
    /// its owner, the opener, the incident, the reason, the expiry and when the review is due.
    case breakGlassOpened = "breakglass.opened"
    /// Break-glass was not reviewed by its due time: its identity is suspended.
    case breakGlassOverdue = "breakglass.overdue"
    /// A review campaign started (the message carries it and its item count).
    case reviewStarted = "review.started"
    /// A review campaign is half way through with items still open: the message names
    /// each reviewer and how many items they have left.
    case reviewReminder = "review.reminder"
    /// A review campaign closed at its deadline (the message carries it and its report).
    case reviewClosed = "review.closed"
    /// A credential was reported leaked and revoked (the message names the report, the door, where it was found, the
    /// identity and its owner, and the credentials revoked with it).
    case credentialLeaked = "credential.leaked"
    /// An identity was marked compromised after one of its credentials leaked: it may not act until its owner or a
    /// security administrator resumes it.
    case identityCompromised = "identity.compromised"
    /// Asked for by `lanyard webhook test`.
    case webhookTest = "webhook.test"

    /// Parses an endpoint's filter: each name must be in the catalogue; duplicates are dropped, order kept.
    /// - Throws: `invalid_field` (`field`) naming the first unknown type.
    public static func parseFilter(_ names: [String], field: String = "eventTypes") throws -> [WebhookEventType] {
        guard names.count <= allCases.count * 2 else {
            throw LanyardError.invalid(field, "An endpoint's filter lists at most \(allCases.count * 2) event types.")
        }
        var seen: [WebhookEventType] = []
        for name in names {
            guard let type = WebhookEventType(rawValue: name) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw LanyardError.invalid(field, "Unknown event type '\(name.prefix(64))'; known types: \(known).")
            }
            if !seen.contains(type) { seen.append(type) }
        }
        return seen
    }

    /// The event an identity change recorded as `action` reports, if any.
    init?(identityAction action: AuditAction) {
        switch action {
        case .identityRegister: self = .identityRegistered
        case .identityExtend: self = .identityExtended
        case .identitySuspend: self = .identitySuspended
        case .identityResume: self = .identityResumed
        case .identityExpire: self = .identityExpired
        case .identityOffboard: self = .identityOffboarded
        case .identityOrphan: self = .identityOrphaned
        case .identityTransfer: self = .identityTransferred
        case .identityGraduate: self = .identityGraduated
        case .identityCompromise: self = .identityCompromised
        default: return nil
        }
    }
}
