import LanyardCore
import LanyardModel
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The leader lock on PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a connection of its
/// own, which campaigns while following and holds the lock while leading. PostgreSQL keeps a session lock exactly
/// as long as the session, so:
///
/// - a leader that exits or is killed (`kill -9`) closes its TCP connection and the lock is free at once;
/// - a leader that hangs, or whose machine or network vanished, is cut off by the server within about
///   ``sessionTimeout`` — the lock session sets `idle_session_timeout` (the leader checks its lock every second, so
///   only a stuck leader goes idle that long), `tcp_user_timeout` (unacknowledged data) and `tcp_keepalives_*`
///   (a silent peer); a setting the server does not know (`idle_session_timeout` before PostgreSQL 14) is logged
///   and skipped;
/// - the leader itself gives up the lead when a check does not answer within ``checkTimeout``, or the connection
///   closes (PostgreSQL restarted or unreachable).
final class PostgresLeaderLock: LeaderLock {
    /// The advisory lock key (a `bigint`); the migrations use 7413320001.
    static let key: Int64 = 7_413_320_002
    /// How long a check or a campaign may take before the lock connection is given up.
    static let checkTimeout: Duration = .seconds(2)
    /// How long the server keeps the lock of a leader that stopped talking to it, in seconds.
    static let sessionTimeout = 5

    private struct State {
        var connection: PostgresConnection?
        var holding = false
    }

    private let location: PostgresLocation
    private let logger: Logger
    private let state = Mutex(State())
    private let nextID = Mutex(0)

    init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    func tryAcquire(onLost: @escaping @Sendable () -> Void) async throws -> Bool {
        let connection = try await campaignConnection()
        let won = try await bounded(connection) { [logger] in
            try await Self.firstBool(connection.query(PostgresQuery(unsafeSQL: "SELECT pg_try_advisory_lock(\(Self.key)) AS won"), logger: logger))
        }
        guard won else { return false }
        state.withLock { $0.holding = true }
        connection.closeFuture.whenComplete { _ in onLost() }
        return true
    }

    func stillHeld() async throws -> Bool {
        guard let connection = state.withLock({ $0.holding ? $0.connection : nil }), !connection.isClosed else { return false }
        // Constants only in the SQL text. A bigint advisory key is stored as classid (high 32 bits), objid (low 32 bits), objsubid 1.
        let high = Int64(Self.key >> 32)
        let low = Int64(Self.key & 0xFFFF_FFFF)
        return try await bounded(connection) { [logger] in
            try await Self.firstBool(
                connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                                AND classid = \(high) AND objid = \(low) AND objsubid = 1 AND granted) AS held
                            """), logger: logger))
        }
    }

    func release() async {
        let connection = state.withLock { state -> PostgresConnection? in
            defer {
                state.connection = nil
                state.holding = false
            }
            return state.connection
        }
        // Ending the session frees its advisory locks.
        try? await connection?.close()
    }

    /// The open lock connection, or a new one with the session limits set.
    private func campaignConnection() async throws -> PostgresConnection {
        if let open = state.withLock({ $0.connection }), !open.isClosed { return open }
        await release()
        let tls: PostgresConnection.Configuration.TLS =
            location.requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(2)
        let id = nextID.withLock { id -> Int in
            id += 1
            return id
        }
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger)
        let timeout = Self.sessionTimeout
        for setting in [
            "application_name = 'lanyard-leader-lock'", "idle_session_timeout = \(timeout * 1000)", "tcp_user_timeout = \(timeout * 1000)",
            "tcp_keepalives_idle = 2", "tcp_keepalives_interval = 1", "tcp_keepalives_count = \(max(timeout - 2, 1))",
        ] {
            do {
                _ = try await bounded(connection) { [logger] in
                    try await connection.query(PostgresQuery(unsafeSQL: "SET \(setting)"), logger: logger)
                }
            } catch {
                logger.warning("the leader lock's session ignores a setting", metadata: ["setting": "\(setting)", "error": "\(String(reflecting: error))"])
                if connection.isClosed { throw error }
            }
        }
        state.withLock { $0.connection = connection }
        return connection
    }

    /// Runs `body` on `connection`, closing the connection (which fails the query) when it takes longer than
    /// ``checkTimeout``: a leader that cannot hear from PostgreSQL in time stops leading.
    private func bounded<T: Sendable>(_ connection: PostgresConnection, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: Self.checkTimeout)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            try? await connection.close()
            throw LanyardError(.storageUnavailable, "PostgreSQL did not answer the leader lock's query in time.")
        }
    }

    private static func firstBool(_ rows: PostgresRowSequence) async throws -> Bool {
        for try await row in rows { return try row.decode(Bool.self) }
        return false
    }
}
