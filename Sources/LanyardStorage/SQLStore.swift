public import Foundation
public import LanyardCore
public import LanyardModel
public import Logging
import PostgresNIO
import SQLiteNIO
import SQLKit
import SQLiteKit
import Tracing

/// ``LanyardStore`` over SQL: SQLite by default, PostgreSQL for several nodes. One code path for both;
/// only connection handling and transactions differ (see `SQLBackend`).
///
/// A storage failure surfaces as `storage_unavailable`; nothing of the failed transaction remains.
public final class SQLStore: LanyardStore {
    let backend: any SQLBackend
    private let logger: Logger
    private let appender: Appender
    /// The appender's writer loop, for the life of the store.
    private let writer: Task<Void, Never>
    public let changes: ChangeFeed
    /// Names this store's rows in the change stream between nodes, so its follower skips what it already applied.
    let origin: String
    /// Brings other nodes' changes to ``changes`` (PostgreSQL only; `nil` on SQLite). Run it with the node.
    public let follower: ChangeFollower?
    /// Spans around transactions; `nil` (no tracer configured) costs one check per operation.
    private let tracing: StoreTracing?
    private var engine: SQLEngine { backend.engine }

    private init(backend: any SQLBackend, logger: Logger, tracing: StoreTracing? = nil) {
        self.backend = backend
        self.logger = logger
        let origin = UUID().uuidString
        let changes = ChangeFeed()
        self.origin = origin
        self.changes = changes
        follower = (backend as? PostgresBackend).map { ChangeFollower(backend: $0, origin: origin, feed: changes, logger: logger) }
        self.tracing = tracing
        let appender = Appender(backend: backend, changes: changes, origin: origin, tracing: tracing)
        self.appender = appender
        self.writer = Task(executorPreference: backend.writerExecutor) { await appender.run() }
    }

    /// A store dropped without ``close()`` stops its writer loop, which lets go of the connections.
    deinit {
        appender.close()
    }

    /// Opens (creating when needed) the database at `location` and brings its schema up to date.
    ///
    /// - Parameter tracing: records a span around each transaction and group commit (``StoreTracing``); none by default.
    /// - Throws: `invalid_configuration` when the database cannot be opened or migrated.
    public static func open(_ location: DatabaseLocation, logger: Logger, tracing: StoreTracing? = nil) async throws -> SQLStore {
        let backend: any SQLBackend
        switch location {
        case .sqlite(let path):
            do {
                backend = try await SQLiteBackend.open(path: path, logger: logger)
            } catch {
                throw LanyardError(.invalidConfiguration, "Cannot open the SQLite database at \(path): \(error)")
            }
        case .postgres(let postgres):
            backend = try PostgresBackend.open(postgres, logger: logger)
        }
        do {
            try await Migrations.apply(backend)
        } catch {
            await backend.close()
            throw LanyardError(.invalidConfiguration, "Cannot prepare the database schema: \(String(reflecting: error))")
        }
        return SQLStore(backend: backend, logger: logger, tracing: tracing)
    }

    /// Opens an existing database without changing anything: SQLite read-only (no file is created, no migration
    /// runs); PostgreSQL without migrations, for reading only. For offline verification.
    ///
    /// - Throws: `invalid_configuration` when the database cannot be opened or predates the audit log (schema 3).
    public static func openReadOnly(_ location: DatabaseLocation, logger: Logger) async throws -> SQLStore {
        let backend: any SQLBackend
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw LanyardError(.invalidConfiguration, "There is no database at \(path).")
            }
            do {
                backend = try await SQLiteBackend.open(path: path, logger: logger, readOnly: true)
            } catch {
                throw LanyardError(.invalidConfiguration, "Cannot open the SQLite database at \(path) read-only: \(error)")
            }
        case .postgres(let postgres):
            backend = try PostgresBackend.open(postgres, logger: logger)
        }
        let version: Int64?
        do {
            version = try await backend.withReader { db in
                try await db.raw("SELECT MAX(version) AS version FROM schema_migrations").first()?.decode(column: "version", as: Int64?.self)
            }
        } catch {
            await backend.close()
            throw LanyardError(.invalidConfiguration, "The database has no Lanyard schema: \(String(reflecting: error))")
        }
        guard let version, version >= 3 else {
            await backend.close()
            throw LanyardError(.invalidConfiguration, "The database predates the Merkle audit log (schema version 3); start lanyard serve on it once.")
        }
        return SQLStore(backend: backend, logger: logger)
    }

    public func read<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T {
        guard let tracing else { return try await untracedRead(body) }
        return try await tracing.span("store.read", system: engine.tracingName) { _ in try await untracedRead(body) }
    }

    private func untracedRead<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T {
        try await translatingErrors { try await backend.withReader { try await Self.marking(body, SQLSession(db: $0, engine: engine)) } }
    }

    public func readInBackground<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T {
        guard let sqlite = backend as? SQLiteBackend else { return try await read(body) }
        let engine = self.engine
        return try await translatingErrors {
            try await sqlite.withBulkReaderConnection { try await Self.marking(body, SQLSession(db: $0.sql(queryLogLevel: nil), engine: engine)) }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T {
        guard let tracing else { return try await untracedWrite(body) }
        return try await tracing.span("store.write", system: engine.tracingName) { _ in try await untracedWrite(body) }
    }

    private func untracedWrite<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T {
        let noted = ChangeBuffer()
        let answer = try await translatingErrors {
            try await backend.withTransaction { db in
                let answer = try await Self.marking(body, SQLSession(db: db, engine: engine, changes: noted))
                try await ChangeRows.append(noted.noted, origin: origin, engine: engine, to: db)
                return answer
            }
        }
        changes.publish(noted.take())
        return answer
    }

    /// An error thrown by the caller's body (not by the driver); it reaches the caller unchanged.
    private struct CallerError: Error {
        let underlying: any Error
    }

    /// Runs the caller's body, marking its own errors so that they pass unchanged. A driver error raised by one of the
    /// session's queries inside the body (a statement the database refused) is not the caller's: it stays unmarked and
    /// becomes `storage_unavailable` like any other failed operation.
    private static func marking<T>(_ body: @Sendable (any StoreSession) async throws -> T, _ session: any StoreSession) async throws -> T {
        do {
            return try await body(session)
        } catch let error as LanyardError {
            throw error
        } catch let error where error is PSQLError || error is SQLiteError {
            throw error
        } catch {
            throw CallerError(underlying: error)
        }
    }

    public func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) async throws -> T) async throws -> T {
        guard let tracing else { return try await untracedWriteGrouped(body, trace: nil) }
        return try await tracing.span("store.append", system: engine.tracingName) { span in
            try await untracedWriteGrouped(body, trace: span?.context)
        }
    }

    /// `trace`: the waiting request's span, which the group commit's span will be a child of or link to.
    private func untracedWriteGrouped<T: Sendable>(
        _ body: @escaping @Sendable (any StoreSession) async throws -> T, trace: InstrumentationContext?
    ) async throws -> T {
        try await translatingErrors {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                appender.submit(
                    .body(
                        Appender.Body(
                            run: { session in
                                let value = try await Self.marking(body, session)
                                return { continuation.resume(returning: value) }
                            },
                            fail: { continuation.resume(throwing: $0) }, trace: trace)))
            }
        }
    }

    public func append(_ rows: DurableAppend) async throws {
        guard rows.assertion != nil || rows.credential != nil || !rows.events.isEmpty else { return }
        // Refused here, alone, rather than failing the batch it would join.
        try AuditAppender.requireRedacted(rows.events)
        guard let tracing else { return try await untracedAppend(rows, trace: nil) }
        try await tracing.span("store.append", system: engine.tracingName) { span in try await untracedAppend(rows, trace: span?.context) }
    }

    private func untracedAppend(_ rows: DurableAppend, trace: InstrumentationContext?) async throws {
        try await translatingErrors {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                appender.submit(.rows(rows, continuation, trace: trace))
            }
        }
    }

    /// On PostgreSQL one statement on the `UNLOGGED` table `seen_once`: the primary key makes exactly one node win, and
    /// the commit does not wait for the WAL (nothing in it is logged), so a claim costs a round trip.
    public func claimOnce(scope: String, id: String, expiresAt: Int64) async throws -> Bool {
        guard engine == .postgres else { return true }
        return try await translatingErrors {
            try await backend.withReader { db in
                try await db.raw(
                    """
                    INSERT INTO seen_once (scope, id, expires_at) VALUES (\(bind: scope), \(bind: id), \(bind: expiresAt))
                    ON CONFLICT DO NOTHING RETURNING 1 AS claimed
                    """
                ).first() != nil
            }
        }
    }

    public func checkHealth() async throws {
        try await read { session in _ = try await session.tenant(named: Tenant.defaultName) }
        if let follower, !follower.isInSync {
            throw LanyardError(.storageUnavailable, "This node is not following the other nodes' changes yet (the change stream is reconnecting).")
        }
    }

    /// Closes every connection. The store must not be used afterwards.
    public func close() async {
        appender.close()
        await writer.value
        await backend.close()
    }

    /// Our own errors pass through; a driver error is logged in full and reported without internals.
    func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LanyardError {
            throw error
        } catch let error as CallerError {
            throw error.underlying
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error("storage operation failed", metadata: ["error": "\(String(reflecting: error))"])
            // A connection lost during COMMIT leaves the outcome unknown: the commit may have landed, though nobody
            // was told. Only a failure the database answered is known to have changed nothing.
            if PostgresBackend.isConnectionLost(error) {
                throw LanyardError(
                    .storageUnavailable,
                    "The connection to the database was lost before the operation was confirmed; it may or may not have taken effect. Check, then try again.")
            }
            throw LanyardError(.storageUnavailable, "The database could not complete the operation; nothing was changed. Try again.")
        }
    }
}
