import LanyardModel
import PostgresNIO
import Synchronization

/// A bounded wait for a pooled PostgreSQL connection: while the database is unreachable, a caller waits at most
/// ``timeout`` for a connection and then fails with `storage_unavailable` ("nothing was done"), instead of holding its
/// request until the database is back. The bound is generous (a busy pool under load queues callers for seconds; 5 s
/// failed a concurrency test on a loaded 2-core machine): it is there to end waits that would otherwise never end.
///
/// Only the wait is bounded: once a connection is leased the work runs to its end. If the wait times out at the same
/// moment a connection arrives, the connection is released unused (the work never starts), so a timed-out caller never
/// has a statement in flight.
enum ConnectionLease {
    /// How long a caller waits for a connection.
    static let timeout: Duration = .seconds(30)

    /// Whether the work started or the wait timed out: exactly one of the two happens.
    private final class Race: Sendable {
        private struct State {
            var leased = false
            var timedOut = false
        }
        private let state = Mutex(State())

        /// Marks the connection leased; false when the wait already timed out.
        func lease() -> Bool {
            state.withLock { current in
                guard !current.timedOut else { return false }
                current.leased = true
                return true
            }
        }

        /// Marks the wait timed out; false when a connection was already leased.
        func expire() -> Bool {
            state.withLock { current in
                guard !current.leased else { return false }
                current.timedOut = true
                return true
            }
        }
    }

    static func with<T: Sendable>(
        _ client: PostgresClient, timeout: Duration = timeout, _ work: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let state = Race()
        return try await withoutActuallyEscaping(work) { body in
            try await race(client, timeout: timeout, state: state, body)
        }
    }

    private static func race<T: Sendable>(
        _ client: PostgresClient, timeout: Duration, state: Race, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    guard state.lease() else { throw unavailable }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                if state.expire() { throw unavailable }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw unavailable
        }
    }

    static let unavailable = LanyardError(
        .storageUnavailable, "PostgreSQL gave no connection within \(timeout.components.seconds) s; nothing was done. Retry later.")
}
