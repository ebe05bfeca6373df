import Synchronization

/// The changes one transaction (or one grouped body) noted, published by its store after the commit.
public final class ChangeBuffer: Sendable {
    private let changes = Mutex([StateChange]())

    public init() {}

    /// Notes `change`.
    public func note(_ change: StateChange) {
        changes.withLock { $0.append(change) }
    }

    /// Everything noted, in order; empties the buffer.
    public func take() -> [StateChange] {
        changes.withLock { changes in
            defer { changes.removeAll() }
            return changes
        }
    }
}
