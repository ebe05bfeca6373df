public import LanyardModel

/// The decision point and the policy administration of a server, sharing one in-memory cache of compiled
/// policy stores (a change made through ``administration`` is in force for ``decisionPoint`` when it returns).
public struct Decisions: Sendable {
    public let administration: PolicyAdministration
    public let decisionPoint: DecisionPoint

    /// - Parameter tokens: verifies access tokens presented as subjects (`Lanyard::Token`); `nil` refuses them.
    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, tokens: TokenVerifier?) {
        let snapshots = PolicySnapshots { tenant in
            let (version, entities) = try await store.read { session in
                (try await PolicyAdministration.latest(tenant: tenant, in: session), try await session.policyEntities(tenant: tenant))
            }
            return try CompiledPolicies.compile(version, entities: entities)
        }
        administration = PolicyAdministration(store: store, audit: audit, clock: clock, snapshots: snapshots)
        decisionPoint = DecisionPoint(store: store, audit: audit, clock: clock, snapshots: snapshots, tokens: tokens)
    }
}
