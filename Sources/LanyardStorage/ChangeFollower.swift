public import Foundation
public import LanyardCore
import Logging
import PostgresNIO
import SQLKit
import Synchronization

/// Brings the other nodes' changes to this node (PostgreSQL only): it listens on `lanyard_changes` on a connection of
/// its own, reads the new rows of `state_changes` after each notification — and every second anyway, should a
/// notification be lost — and publishes the changes of other stores on this store's ``ChangeFeed``, where
/// ``TenantState`` applies them. Rows are read in commit order (see `ChangeRows`), so following is exact: nothing is
/// skipped, and nothing this store wrote is applied twice.
///
/// **Readiness.** The node is in sync while the listener is up and a catch-up succeeded within the last
/// ``staleAfter``; ``isInSync`` is what `/readyz` reports. A lost listener (PostgreSQL restarted, the network cut)
/// makes the node not ready until it has reconnected and caught up; if rows it had not read were pruned meanwhile,
/// it first resyncs its whole state from the database (the `resync` hook).
public final class ChangeFollower: Sendable {
    private struct Status {
        var started = false
        var listening = false
        /// Number of the last row applied.
        var last: Int64 = 0
        /// Monotonic time of the last successful catch-up, in nanoseconds.
        var caughtUpAt: UInt64 = 0
        /// Whether the follower lost track and must catch up (and possibly resync) before it is in sync again.
        var lost = false
    }

    private let backend: PostgresBackend
    private let origin: String
    private let feed: ChangeFeed
    private let logger: Logger
    private let status = Mutex(Status())
    private let reading = AsyncLock()
    private let now: @Sendable () -> UInt64

    /// How often the follower reads new rows without a notification.
    public static let pollInterval: Duration = .seconds(1)
    /// How long after its last successful catch-up the node stops calling itself in sync.
    public static let staleAfter: UInt64 = 3_000_000_000
    /// How long change rows are kept: a node cut off for longer resyncs its whole state.
    public static let retentionSeconds: Int64 = 600

    init(
        backend: PostgresBackend, origin: String, feed: ChangeFeed, logger: Logger,
        now: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.backend = backend
        self.origin = origin
        self.feed = feed
        self.logger = logger
        self.now = now
    }

    /// Whether this node has every change committed until a moment ago; always true before ``start()``.
    public var isInSync: Bool {
        let instant = now()
        return status.withLock { status in
            guard status.started else { return true }
            return status.listening && !status.lost && instant >= status.caughtUpAt && instant - status.caughtUpAt < Self.staleAfter
        }
    }

    /// Marks the current end of the stream as read: call before the node loads its state from the database, so every
    /// change committed after that load is followed. Changes committed in between are applied again, harmlessly.
    public func start() async throws {
        let newest = try await backend.withReader { try await ChangeRows.bounds(in: $0).newest }
        status.withLock { status in
            status.started = true
            status.last = newest
        }
    }

    /// Follows the stream until cancelled, reconnecting after any failure.
    ///
    /// - Parameter resync: reloads the node's whole state from the database; called when rows the follower had not read
    ///   were pruned while it was cut off.
    public func run(resync: @escaping @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: backend.connectionConfiguration, id: 1, logger: logger)
                do {
                    try await follow(on: connection, resync: resync)
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                status.withLock {
                    $0.listening = false
                    $0.lost = true
                }
                logger.warning("Lost the change stream; this node reports not ready until it has caught up", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        status.withLock { $0.listening = false }
    }

    private struct ListenerEnded: Error {}

    private func follow(on connection: PostgresConnection, resync: @escaping @Sendable () async throws -> Void) async throws {
        try await connection.listen(on: ChangeRows.channel) { notifications in
            // Listening now: whatever commits from here on is notified, and what committed before is read here.
            try await recover(resync: resync)
            status.withLock {
                $0.listening = true
                $0.lost = false
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in notifications { try await self.catchUp() }
                    throw ListenerEnded()
                }
                group.addTask {
                    var polls = 0
                    while true {
                        try await Task.sleep(for: Self.pollInterval)
                        try await self.catchUp()
                        polls += 1
                        if polls % 60 == 0 { try await self.backend.withReader { try await ChangeRows.prune(olderThan: Self.retentionSeconds, in: $0) } }
                    }
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    /// After a loss: resyncs everything when rows this node had not read are gone, then catches up.
    private func recover(resync: @Sendable () async throws -> Void) async throws {
        let (last, lost) = status.withLock { ($0.last, $0.lost) }
        if lost {
            let (newest, oldest) = try await backend.withReader { try await ChangeRows.bounds(in: $0) }
            if let oldest, oldest > last + 1 {
                logger.warning("Change rows were pruned while this node was cut off; reloading its state", metadata: ["last": "\(last)"])
                status.withLock { $0.last = max($0.last, newest) }
                try await resync()
            }
        }
        try await catchUp()
    }

    /// Reads and applies every row after the last one applied.
    func catchUp() async throws {
        try await reading.withLock {
            while true {
                let last = self.status.withLock { $0.last }
                let rows = try await self.backend.withReader { try await ChangeRows.rows(after: last, limit: 500, from: $0) }
                for row in rows where row.origin != self.origin { self.feed.publish(row.changes) }
                let instant = self.now()
                self.status.withLock { status in
                    if let newest = rows.last?.seq { status.last = newest }
                    status.caughtUpAt = instant
                }
                if rows.count < 500 { return }
            }
        }
    }
}
