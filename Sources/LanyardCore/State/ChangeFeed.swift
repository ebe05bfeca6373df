import Synchronization

/// Where a store publishes the changes of each committed transaction, in commit order per publisher, to the node's
/// subscribers (``TenantState``).
///
/// Delivery is synchronous: ``publish(_:)`` returns after every subscriber has applied the changes, which is what lets
/// the store answer a writer only once its change is in force on this node. Subscribers must therefore be quick and
/// must not block (drop a cache entry, add a revocation, start a background reload).
public final class ChangeFeed: Sendable {
    public typealias Subscriber = @Sendable ([StateChange]) -> Void

    /// Names one subscription, so its owner can end it (``unsubscribe(_:)``) when it goes away.
    public struct Subscription: Hashable, Sendable {
        private static let counter = Atomic<UInt64>(0)
        let id: UInt64

        /// A subscription name not used before in this process.
        public init() { id = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue }
    }

    private let subscribers = Mutex([(Subscription, Subscriber)]())

    public init() {}

    /// Adds `subscriber`; it receives every batch published from now on, until ``unsubscribe(_:)``.
    @discardableResult
    public func subscribe(_ subscription: Subscription = Subscription(), _ subscriber: @escaping Subscriber) -> Subscription {
        subscribers.withLock { $0.append((subscription, subscriber)) }
        return subscription
    }

    /// Ends `subscription`: its subscriber receives nothing published after this returns.
    public func unsubscribe(_ subscription: Subscription) {
        subscribers.withLock { $0.removeAll { $0.0 == subscription } }
    }

    /// How many subscribers receive what is published.
    package var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Hands `changes` to every subscriber, in subscription order. Does nothing for an empty batch.
    public func publish(_ changes: [StateChange]) {
        guard !changes.isEmpty else { return }
        for (_, subscriber) in subscribers.withLock({ $0 }) { subscriber(changes) }
    }
}
