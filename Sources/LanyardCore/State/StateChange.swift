/// A committed change that in-memory state derived from the store must follow: a revocation to enforce, or a cache
/// entry to drop.
///
/// Storage emits them (see ``ChangeRecording``): a write transaction notes what it changed, and the store publishes
/// the notes on its ``ChangeFeed`` after the commit is durable and before the writer is answered, so a change made
/// on this node is in force here when its request returns. ``TenantState`` is the subscriber. On PostgreSQL the same
/// notes also travel to the other nodes (docs/architecture.md, "State and the change stream").
///
/// Every change is idempotent to apply, so applying one twice, or applying a node's own change again when it comes
/// back from the database, is harmless.
public enum StateChange: Sendable, Hashable, Codable {
    /// An identity was inserted or updated (status, keys, owner, expiry…).
    case identity(tenant: String, id: String)
    /// One credential was revoked; the entry can be forgotten after `expiresAt` (Unix seconds).
    case credentialRevoked(tenant: String, jti: String, expiresAt: Int64)
    /// Every credential of `identity` issued at or before `at` (Unix seconds) was revoked.
    case identityCredentialsRevoked(tenant: String, identity: String, at: Int64)
    /// A task ended: tokens bound to it are revoked until `expiresAt`, the task's own end.
    case taskEnded(tenant: String, task: String, expiresAt: Int64)
    /// The tenant's Cedar policies or policy entities changed: its compiled snapshot is stale.
    case policies(tenant: String)
    /// The tenant's admin policies changed.
    case adminPolicies(tenant: String)
    /// An administrator token was revoked (tokens are keyed by hash, so every cached principal is dropped).
    case adminTokens
    /// The tenant's signing keys were added, rotated or retired.
    case signingKeys(tenant: String)
    /// The tenant's X.509 certificate authorities changed (created or renewed).
    case authorities(tenant: String)
    /// A federation trust of `identity` was added or removed.
    case trusts(tenant: String, identity: String)
    /// A person, a group or a membership of the tenant's SCIM directory changed: the `Lanyard::User` entities
    /// decisions use are stale.
    case directory(tenant: String)
    /// An entitlement of the tenant was granted: the decision point's set of live entitlements is stale.
    case entitlements(tenant: String)
    /// An entitlement ended (revoked, used, its task ended, expired): it allows nothing from now on, on every node,
    /// before its tenant's set is reloaded; the entry can be forgotten after `expiresAt` (Unix seconds).
    case entitlementEnded(tenant: String, id: String, expiresAt: Int64)
    /// An identity owner's status (still here, or gone) was set.
    case ownerStatus(tenant: String, owner: String)
    /// An MCP server of the tenant's gateway was registered or removed.
    case mcpServer(tenant: String, name: String)
}
