import Foundation
import LanyardAudit
import LanyardModel

/// What a review outcome does to the thing reviewed, inside the caller's transaction — shared by a reviewer's
/// decision and the sweeper's closing of undecided items:
/// - certify: an entitlement's `lastCertifiedAt` moves to now (an identity keeps its state);
/// - revoke: an entitlement ends through ``EntitlementEnding`` (`revoked`); an identity is suspended;
/// - suspend: the item's identity is suspended (credentials revoked, `identity.suspend` audited);
/// - transfer: the item's identity moves to a new owner (the inventory's rules).
struct ReviewOutcomes: Sendable {
    let inventory: Inventory
    let ending: EntitlementEnding

    /// Applies `decision` to `item`'s subject; returns details for the decision's audit event.
    func apply(
        _ decision: ReviewDecision, to item: ReviewItem, campaign: ReviewCampaign, reason: String?, actor: String, at now: Date,
        in session: any StoreSession
    ) async throws -> [String: String] {
        let why = "review campaign '\(campaign.name)' (\(campaign.id)): \(reason ?? "certified")"
        switch decision {
        case .certify:
            if item.subject.kind == .entitlement {
                _ = try await session.certifyEntitlement(tenant: campaign.tenant, id: item.subject.id, at: now)
            }
            return [:]
        case .revoke:
            return try await revoke(item, campaign: campaign, reason: why, actor: actor, at: now, in: session)
        case .transfer(let owner):
            guard let identity = try await session.identity(tenant: campaign.tenant, id: item.identity) else {
                throw LanyardError(.notFound, "The identity \(item.identity) of review item \(item.id) no longer exists.")
            }
            let (after, details) = try await Inventory.transferred(identity, to: owner, reason: why, in: session)
            _ = try await inventory.record(
                before: identity, after: after, details: details, action: .identityTransfer, actor: actor, now: now, revokesCredentials: false,
                in: session)
            return ["transferredTo": owner]
        }
    }

    /// Revokes `item`'s subject: ends its entitlement, or suspends its identity.
    func revoke(_ item: ReviewItem, campaign: ReviewCampaign, reason: String, actor: String, at now: Date, in session: any StoreSession)
        async throws -> [String: String]
    {
        switch item.subject.kind {
        case .entitlement:
            let ended = try await ending.end(item.subject.id, tenant: campaign.tenant, as: .revoked, reason: reason, actor: actor, at: now, in: session)
            return ended == nil ? [:] : ["revokedEntitlement": item.subject.id]
        case .identity:
            return try await suspend(item, campaign: campaign, reason: reason, actor: actor, at: now, in: session)
        }
    }

    /// Suspends `item`'s identity when it is active (a suspended, expired or offboarded one is left as it is).
    func suspend(_ item: ReviewItem, campaign: ReviewCampaign, reason: String, actor: String, at now: Date, in session: any StoreSession)
        async throws -> [String: String]
    {
        guard let identity = try await session.identity(tenant: campaign.tenant, id: item.identity), identity.status == .active else { return [:] }
        var suspended = identity
        suspended.status = .suspended
        _ = try await inventory.record(
            before: identity, after: suspended, details: ["reason": reason], action: .identitySuspend, actor: actor, now: now,
            revokesCredentials: true, in: session)
        return ["suspendedIdentity": identity.id]
    }
}
