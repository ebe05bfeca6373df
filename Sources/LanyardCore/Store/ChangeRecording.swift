/// How a write transaction notes what it changed for the node's in-memory state (``StateChange``).
///
/// Implementations note the changes of their own write operations themselves (an identity update notes
/// ``StateChange/identity(tenant:id:)``, a revocation the credentials it revoked, …) and publish them on their
/// ``ChangeFeed`` after the transaction commits; changes of a transaction that rolls back, or of a grouped body
/// rolled back to its savepoint, are never published. Use cases call ``noteChange(_:)`` only for a change storage
/// cannot see.
public protocol ChangeRecording: Sendable {
    /// Notes `change` for publication when the transaction commits.
    func noteChange(_ change: StateChange)
}
