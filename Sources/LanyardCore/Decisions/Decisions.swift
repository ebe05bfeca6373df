public import Foundation
public import LanyardModel

/// The decision point and the policy administration of a server, sharing one in-memory cache of compiled
/// policy stores (a change made through ``administration`` is in force for ``decisionPoint`` when it returns).
public struct Decisions: Sendable {
    public let administration: PolicyAdministration
    public let decisionPoint: DecisionPoint
    /// Entitlements: access beyond the policies, honoured by ``decisionPoint``.
    public let entitlements: Entitlements
    /// Access requests, which grant ``entitlements`` when approved.
    public let accessRequests: AccessRequests
    /// Break-glass: emergency access through ``entitlements``, reviewed afterwards.
    public let breakGlass: BreakGlassAccess
    /// Each tenant's access policy: approvals and caps per tier, auto-approval.
    public let accessPolicies: AccessPolicies

    /// - Parameter tokens: verifies access tokens presented as subjects (`Lanyard::Token`); `nil` refuses them.
    /// - Parameter state: holds the compiled policy snapshots, kept current by the change stream.
    /// - Parameter random: names the webhook messages that policy administration queues.
    /// - Parameter breakGlassReviewWindow: how long after opening a break-glass its review is due.
    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, state: TenantState, tokens: TokenVerifier?,
        random: any RandomSource = SystemRandom(), breakGlassReviewWindow: TimeInterval = BreakGlass.defaultReviewWindow
    ) {
        let snapshots = state.policies
        entitlements = Entitlements(store: store, audit: audit, clock: clock, random: random, state: state)
        accessRequests = AccessRequests(store: store, audit: audit, clock: clock, random: random, entitlements: entitlements)
        breakGlass = BreakGlassAccess(
            store: store, audit: audit, clock: clock, random: random, state: state, entitlements: entitlements, reviewWindow: breakGlassReviewWindow)
        accessPolicies = AccessPolicies(store: store, audit: audit, clock: clock)
        administration = PolicyAdministration(store: store, audit: audit, clock: clock, snapshots: snapshots, random: random)
        decisionPoint = DecisionPoint(
            store: store, audit: audit, clock: clock, snapshots: snapshots, tokens: tokens, state: state,
            entitlements: EntitlementGate(state: state, store: store, ending: EntitlementEnding(audit: audit, random: random)))
    }
}
