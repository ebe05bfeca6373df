import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

extension Reviews {
    /// Records a reviewer's decision on an item and acts on it in the same transaction (certify: the entitlement's
    /// certification; revoke: the entitlement ended or the identity suspended; transfer: the identity's new owner);
    /// audited as `review.decide`.
    ///
    /// The decider must be the item's reviewer (the token's subject is the reviewing user, or an active member of the
    /// reviewing directory group) or an administrator of the tenant; a workload and the identity itself never decide.
    /// - Throws: `invalid_field` (`decision`, `reason`, `to`); `not_found`; `forbidden`; `invalid_state` after the
    ///   deadline or for an item already decided (of two racing decisions exactly one wins).
    public func decide(campaign id: String, item itemID: String, _ request: DecideReviewItemRequest, tenant: String, by decider: ReviewDecider)
        async throws -> ReviewItem
    {
        if case .admin(let principal) = decider { try AdminRoles.require(.reviewDecide, principal, tenant: tenant) }
        guard request.decision.utf8.count <= AccessActor.maxLength + 16, let decision = Self.decision(request.decision) else {
            throw LanyardError.invalid("decision", "decision is 'certify', 'revoke' or 'transfer:NEW_OWNER'.")
        }
        let now = clock.now()
        let actor = decider.actor
        let outcomes = self.outcomes
        let audit = self.audit
        return try await store.writeGrouped { session in
            let campaign = try await Self.campaign(id, tenant: tenant, in: session)
            guard let item = try await session.reviewItem(tenant: tenant, id: itemID), item.campaign == campaign.id else {
                throw LanyardError(.notFound, "Campaign \(campaign.id) has no item '\(itemID.prefix(64))'.")
            }
            let decided = try item.decide(decision, by: actor, reason: request.reason, at: now)
            if case .admin(let principal) = decider {
                try await Self.requireReviewer(principal, of: item, tenant: tenant, in: session)
            }
            guard try await session.decideReviewItem(tenant: tenant, decided) else {
                throw LanyardError(.invalidState, "Review item \(item.id) is already decided.")
            }
            var details = try await outcomes.apply(decision, to: item, campaign: campaign, reason: decided.reason, actor: actor, at: now, in: session)
            details["campaign"] = campaign.id
            details["subject"] = "\(item.subject.kind.rawValue):\(item.subject.id)"
            details["decision"] = decision.description
            details["reason"] = decided.reason
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .reviewDecide, target: "review_item:\(item.id)",
                    before: LanyardJSON.value(of: item), after: LanyardJSON.value(of: decided), details: details),
                in: session)
            return decided
        }
    }

    /// Parses `certify`, `revoke` or `transfer:NAME`, splitting on the bytes of `transfer:` (a NAME starting with a
    /// combining mark or an emoji modifier joins the colon into one character, which ``ReviewDecision`` would miss).
    static func decision(_ text: String) -> ReviewDecision? {
        if let parsed = ReviewDecision(text) { return parsed }
        let prefix = "transfer:".utf8
        guard text.utf8.starts(with: prefix), text.utf8.count > prefix.count else { return nil }
        return .transfer(to: String(decoding: text.utf8.dropFirst(prefix.count), as: UTF8.self))
    }

    /// Checks that `principal` may decide `item`: a tenant (or platform) administrator, or the person the item is
    /// for — its reviewing user, or an active member of its reviewing directory group.
    /// - Throws: `forbidden` naming the reviewer.
    static func requireReviewer(_ principal: Principal, of item: ReviewItem, tenant: String, in session: any StoreSession) async throws {
        if principal.role == .tenantAdmin || principal.role == .platformAdmin { return }
        let refusal = LanyardError(.forbidden, "Review item \(item.id) is for \(item.reviewer); this token may not decide it.")
        guard let subject = principal.subject else { throw refusal }
        switch item.reviewer {
        case .user(let name):
            guard AccessActor.same(AccessActor.user(subject), AccessActor.user(name)) else { throw refusal }
        case .group(let group):
            guard let user = try await session.directoryUsers(tenant: tenant, lookup: .userName(subject)).first(where: { $0.userName == subject }),
                user.active
            else { throw refusal }
            let memberOf = Set(try await session.directoryMemberships(tenant: tenant, userId: user.id).map(\.groupId))
            let named = try await session.directoryGroups(tenant: tenant, lookup: .displayName(group)).filter { $0.displayName == group }
            guard named.contains(where: { memberOf.contains($0.id) }) else { throw refusal }
        }
    }
}
