import Synchronization

/// Where a store publishes the changes of each committed transaction, in commit order per publisher, to the node's
/// subscribers (``TenantState``).
///
/// Delivery is synchronous: ``publish(_:)`` returns after every subscriber has applied the changes, which is what lets
/// the store answer a writer only once its change is in force on this node. Subscribers must therefore be quick and
/// must not block (drop a cache entry, add a revocation, start a background reload).
public final class ChangeFeed: Sendable {
    public typealias Subscriber = @Sendable ([StateChange]) -> Void

    private let subscribers = Mutex([Subscriber]())

    public init() {}

    /// Adds `subscriber`; it receives every batch published from now on.
    public func subscribe(_ subscriber: @escaping Subscriber) {
        subscribers.withLock { $0.append(subscriber) }
    }

    /// Hands `changes` to every subscriber, in subscription order. Does nothing for an empty batch.
    public func publish(_ changes: [StateChange]) {
        guard !changes.isEmpty else { return }
        for subscriber in subscribers.withLock({ $0 }) { subscriber(changes) }
    }
}
