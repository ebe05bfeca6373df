import Foundation
public import LanyardModel

/// `separation-of-duties`: an access request granted on the approval of the requesting identity's own owner alone
/// (the requester's side approved its own grant; no one independent and no policy did), or break-glass not reviewed
/// within ``DetectionPolicy/breakGlassReviewWithin`` (24 hours) of its opening. A review resolves the latter; the
/// former stays until a person resolves it or the request leaves the look-back.
public struct SeparationOfDutiesRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .separationOfDuties }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let byID = facts.identitiesByID
        var found: [Detection] = []
        for request in facts.accessRequests where request.entitlement != nil && !request.approvals.isEmpty {
            let approvers = Set(request.approvals.map(\.by))
            guard !request.isApprovedByPolicy, approvers == [request.identityOwner] else { continue }
            let identity = byID[request.identity]
            found.append(
                Detection(
                    kind: kind, subject: "access_request:\(request.id)", identity: request.identity, owner: request.identityOwner,
                    summary:
                        "Access request \(request.id) (\(request.tier.description) on \(request.resource)) was granted on the approval of the identity's own owner '\(request.identityOwner)' alone.",
                    details: [
                        "request": request.id, "requester": request.requester, "approvers": approvers.sorted().joined(separator: " "),
                        "tier": request.tier.description, "identityName": identity?.name ?? request.identity,
                    ]))
        }
        let window = TimeInterval(facts.policy.breakGlassReviewWithin.seconds)
        for breakGlass in facts.breakGlasses where breakGlass.review != .reviewed && facts.now.timeIntervalSince(breakGlass.openedAt) > window {
            let identity = byID[breakGlass.identity]
            found.append(
                Detection(
                    kind: kind, subject: "breakglass:\(breakGlass.id)", identity: breakGlass.identity, owner: identity?.owner,
                    summary:
                        "Break-glass \(breakGlass.id) opened by \(breakGlass.opener) for incident \(breakGlass.incident) has not been reviewed within \(LongLivedRule.span(facts.policy.breakGlassReviewWithin.seconds)).",
                    details: [
                        "breakGlass": breakGlass.id, "opener": breakGlass.opener, "incident": breakGlass.incident,
                        "openedAt": RFC3339Seconds.format(AuditEvent.seconds(of: breakGlass.openedAt)),
                        "identityName": identity?.name ?? breakGlass.identity,
                    ]))
        }
        return found
    }
}
