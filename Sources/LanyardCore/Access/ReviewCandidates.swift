import Foundation
import LanyardModel

/// The subjects a new campaign covers, with what its reviewers are shown: one per identity in scope that can still
/// act or be resumed (active, suspended or orphaned) — unless the scope names tiers — and one per live entitlement
/// granted to such an identity whose tier is in scope. Entitlements of groups of identities have no one owner and
/// are left to the entitlements list.
struct ReviewCandidates {
    var subject: ReviewSubject
    var identity: String
    var reviewer: ReviewReviewer
    var lastUsedAt: Date?
    var unused30d: [String]
    var unused90d: [String]

    /// Identities read per page.
    static let pageSize = 500
    /// The most credential records read per identity to find unused scopes.
    static let maxCredentials = 5000

    static func find(in campaign: ReviewCampaign, reviewerGroup: String?, at now: Date, session: any StoreSession) async throws -> [ReviewCandidates] {
        let tenant = campaign.tenant
        let scope = campaign.scope
        // Every identity in scope, whatever its name: only those count towards the limit (the tenant may hold many more).
        var identities: [String: Identity] = [:]
        var after: String?
        while true {
            let page = try await session.identities(tenant: tenant, filter: IdentityFilter(limit: pageSize, after: after))
            for identity in page
            where [.active, .suspended, .orphaned].contains(identity.status)
                && scope.covers(kind: identity.kind, environment: identity.environment, owner: identity.owner)
            {
                identities[identity.id] = identity
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.name
            // An identity scope past the limit is refused by the caller; stop reading early.
            if scope.tiers == nil, identities.count > Reviews.maxItems { break }
        }
        func reviewer(of identity: Identity) -> ReviewReviewer { reviewerGroup.map(ReviewReviewer.group) ?? .user(identity.owner) }
        var usage: [String: Usage] = [:]
        func usageOf(_ identity: Identity) async throws -> Usage {
            if let known = usage[identity.id] { return known }
            let read = try await Usage.read(identity, at: now, session: session)
            usage[identity.id] = read
            return read
        }
        var found: [ReviewCandidates] = []
        if scope.tiers == nil {
            for identity in identities.values.sorted(by: { $0.id < $1.id })
            where scope.matches(kind: identity.kind, environment: identity.environment, owner: identity.owner) {
                guard found.count <= Reviews.maxItems else { return found }
                let used = try await usageOf(identity)
                let scopes = try await session.template(tenant: tenant, name: identity.template)?.allowedScopes ?? []
                found.append(
                    ReviewCandidates(
                        subject: ReviewSubject(kind: .identity, id: identity.id), identity: identity.id, reviewer: reviewer(of: identity),
                        lastUsedAt: used.lastIssuedAt, unused30d: used.unused(scopes, days: 30), unused90d: used.unused(scopes, days: 90)))
            }
        }
        for entitlement in try await session.liveEntitlements(tenant: tenant, at: now) {
            guard let reference = try? EntityReference.parse(entitlement.principal, field: "principal", allowWildcard: false),
                reference.type == LanyardCedarModel.identityType, let id = reference.id, let identity = identities[id],
                scope.matches(kind: identity.kind, environment: identity.environment, owner: identity.owner, tier: entitlement.tier)
            else { continue }
            guard found.count <= Reviews.maxItems else { return found }
            let used = try await usageOf(identity)
            found.append(
                ReviewCandidates(
                    subject: ReviewSubject(kind: .entitlement, id: entitlement.id), identity: identity.id, reviewer: reviewer(of: identity),
                    lastUsedAt: entitlement.lastUsedAt, unused30d: used.unused(entitlement.scopes, days: 30),
                    unused90d: used.unused(entitlement.scopes, days: 90)))
        }
        return found
    }

    /// When an identity was last issued a credential, and which scopes it was issued in the last 30 and 90 days
    /// (from its credential records).
    struct Usage {
        var lastIssuedAt: Date?
        var within30d: Set<String> = []
        var within90d: Set<String> = []

        static func read(_ identity: Identity, at now: Date, session: any StoreSession) async throws -> Usage {
            var usage = Usage()
            let since30 = now.addingTimeInterval(-30 * 86_400)
            let since90 = now.addingTimeInterval(-90 * 86_400)
            var after: (issuedAt: Date, jti: String)?
            var read = 0
            while read < maxCredentials {
                let page = try await session.credentials(tenant: identity.tenant, identityId: identity.id, after: after, limit: pageSize)
                for record in page {
                    if usage.lastIssuedAt == nil { usage.lastIssuedAt = record.issuedAt }
                    if record.issuedAt < since90 { return usage }
                    usage.within90d.formUnion(record.scopes)
                    if record.issuedAt >= since30 { usage.within30d.formUnion(record.scopes) }
                }
                read += page.count
                guard page.count == pageSize, let last = page.last else { break }
                after = (last.issuedAt, last.jti)
            }
            return usage
        }

        /// The scopes of `scopes` not issued in the last `days` (30 or 90). A pattern ending in `*` counts as used when
        /// a scope with its prefix was issued.
        func unused(_ scopes: [String], days: Int) -> [String] {
            let issued = days <= 30 ? within30d : within90d
            return scopes.filter { scope in
                if issued.contains(scope) { return false }
                if scope.hasSuffix("*") {
                    let prefix = scope.dropLast()
                    return !issued.contains { $0.hasPrefix(prefix) }
                }
                return true
            }
        }
    }
}
