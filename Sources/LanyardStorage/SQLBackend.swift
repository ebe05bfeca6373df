import Foundation
import LanyardAudit
import LanyardModel
import Atomics
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The database engine under the one SQL code path.
enum SQLEngine: Sendable {
    case sqlite, postgres
}

/// What differs between engines: how a connection is obtained and how a transaction is run.
protocol SQLBackend: Sendable {
    var engine: SQLEngine { get }
    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Appends audit events, and nothing else, durably without a transaction, where the engine can (one autocommitted
    /// statement on SQLite); false when it did not, and then nothing was written and the caller takes the
    /// transaction path. Throws when the write failed.
    func appendLogAlone(_ events: [AuditEvent], leaves: [AuditLeafDraft]) async throws -> Bool
    /// Where the group committer's writer loop runs (``DedicatedThread``).
    var writerExecutor: any TaskExecutor { get }
    func close() async
}

/// SQLite in WAL mode: one writer connection (transactions serialised by a lock, `BEGIN IMMEDIATE`,
/// `synchronous=FULL` so a commit is on disk before it is acknowledged) and a few reader connections, all on a
/// thread pool of their own, so an fsync in progress never holds up reads.
final class SQLiteBackend: SQLBackend {
    let engine = SQLEngine.sqlite
    let writer: SQLiteConnection
    private let readers: [(connection: SQLiteConnection, lock: AsyncLock)]
    /// Held by every use of ``writer``: a transaction, or an autocommitted append.
    let writeLock = AsyncLock()
    /// Each tenant's log size as of the last commit on ``writer`` that this backend made or read, for
    /// ``appendLogAlone(_:leaves:)``; emptied by every transaction, which may append without saying so.
    let knownHeads = Mutex<[String: Int64]>([:])
    private let threadPool: NIOThreadPool
    private let nextReader = ManagedAtomic<Int>(0)
    /// Set by ``close()``; `deinit` then has nothing left to close (and the writer thread is gone).
    private let closed = ManagedAtomic<Bool>(false)
    /// The writer connection's event loop and the writer loop's executor.
    private let writerThread: DedicatedThread
    var writerExecutor: any TaskExecutor { writerThread }
    /// The maintenance passes' bulk reader (``SQLiteBackgroundReader``); nil when read-only (an offline command has no
    /// requests to make way for).
    private let backgroundReader: SQLiteBackgroundReader?

    /// Reader connections; with the writer, one thread each.
    static let readerCount = 3

    private init(
        writer: SQLiteConnection, readers: [SQLiteConnection], threadPool: NIOThreadPool, writerThread: DedicatedThread,
        backgroundReader: SQLiteBackgroundReader?
    ) {
        self.backgroundReader = backgroundReader
        self.writer = writer
        self.writerThread = writerThread
        self.readers = readers.map { ($0, AsyncLock()) }
        self.threadPool = threadPool
    }

    /// Opens the database at `path`; with `readOnly`, every connection is opened read-only (an SQLite URI with
    /// `mode=ro`), nothing is created, and writes fail.
    static func open(path: String, logger: Logger, readOnly: Bool = false) async throws -> SQLiteBackend {
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let target = readOnly ? readOnlyURI(path) : path
        let writerThread = DedicatedThread()
        // What is open so far, closed again if a later step fails (a file that is not a database fails at the first
        // pragma, after its connection opened).
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await SQLiteConnection.open(
                storage: .file(path: target), threadPool: threadPool, logger: logger, on: writerThread.eventLoop)
            opened.append(writer)
            let writerDB = writer.sql(queryLogLevel: nil)
            // temp_store=MEMORY keeps statement journals (which every multi-row INSERT of a group commit opens) in
            // memory: they only serve to undo a statement within its transaction, never for durability.
            let pragmas =
                readOnly
                ? ["PRAGMA busy_timeout=5000"]
                : [
                    "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON",
                    "PRAGMA temp_store=MEMORY",
                ]
            for pragma in pragmas {
                try await writerDB.raw(SQLQueryString(pragma)).run()
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await openReader(target, threadPool: threadPool, on: eventLoop, logger: logger)
                opened.append(reader)
                readers.append(reader)
            }
            let backgroundReader = readOnly ? nil : try await SQLiteBackgroundReader.open(path: target, logger: logger)
            return SQLiteBackend(writer: writer, readers: readers, threadPool: threadPool, writerThread: writerThread, backgroundReader: backgroundReader)
        } catch {
            for connection in opened { try? await connection.close() }
            try? await threadPool.shutdownGracefully()
            await writerThread.shutdown()
            throw error
        }
    }

    /// A reader connection to `target` (a path or an SQLite URI) that waits up to five seconds for a lock; closed again
    /// when that setting fails (a file that is not a database opens, then fails at its first statement).
    static func openReader(_ target: String, threadPool: NIOThreadPool, on eventLoop: any EventLoop, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: target), threadPool: threadPool, logger: logger, on: eventLoop)
        do {
            try await connection.query("PRAGMA busy_timeout=5000", []) { _ in }
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    /// `file:<path>?mode=ro`, with the characters a URI gives meaning to escaped.
    static func readOnlyURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:\(path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)?mode=ro"
    }

    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withReaderConnection { try await body($0.sql(queryLogLevel: nil)) }
    }

    /// Runs `body` on a reader connection itself, for bulk reads that take SQLiteNIO's rows without SQLKit.
    func withReaderConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        let index = nextReader.loadThenWrappingIncrement(ordering: .relaxed) % readers.count
        let reader = readers[index < 0 ? -index : index]
        return try await reader.lock.withLock { try await body(reader.connection) }
    }

    /// Runs `body` on the background reader when there is one (a serving backend), else on a reader connection.
    func withBulkReaderConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        guard let backgroundReader else { return try await withReaderConnection(body) }
        return try await backgroundReader.with(body)
    }

    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = writer.sql(queryLogLevel: nil)
        return try await writeLock.withLock {
            defer { self.knownHeads.withLock { $0.removeAll(keepingCapacity: true) } }
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        await backgroundReader?.close()
        try? await writer.close()
        for reader in readers { try? await reader.connection.close() }
        try? await threadPool.shutdownGracefully()
        await writerThread.shutdown()
    }

    /// A backend dropped without ``close()`` still closes its connections (the close keeps them alive until done).
    deinit {
        guard !closed.load(ordering: .relaxed) else { return }
        // The writer connection closes on the writer thread, which must outlive that close.
        let thread = writerThread
        (writer.close() as EventLoopFuture<Void>).whenComplete { _ in thread.stop() }
        backgroundReader?.closeDetached()
        for reader in readers { _ = reader.connection.close() as EventLoopFuture<Void> }
    }
}

/// PostgreSQL through a `PostgresClient` connection pool; each transaction leases one connection.
final class PostgresBackend: SQLBackend {
    let engine = SQLEngine.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// Fails statements in flight on a connection that closes (see ``LiveConnectionDatabase``).
    private let watch = ConnectionWatch()
    /// For connections outside the pool (the change stream's listener).
    let connectionConfiguration: PostgresConnection.Configuration
    private let writerThread = DedicatedThread()
    var writerExecutor: any TaskExecutor { writerThread }

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, connectionConfiguration: PostgresConnection.Configuration) {
        self.connectionConfiguration = connectionConfiguration
        self.client = client
        self.runner = runner
        self.logger = logger
    }

    static func open(_ location: PostgresLocation, logger: Logger) throws -> PostgresBackend {
        let tls: PostgresClient.Configuration.TLS =
            location.requireTLS
            ? .require(TLSConfiguration.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls
        )
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let single = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database,
            tls: location.requireTLS ? .require(try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())) : .disable)
        return PostgresBackend(client: client, runner: runner, logger: logger, connectionConfiguration: single)
    }

    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let watch = self.watch
        return try await ConnectionLease.with(client) { connection in
            try await body(LiveConnectionDatabase(base: connection.sql(queryLogLevel: nil), connection: connection, watch: watch))
        }
    }

    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let watch = self.watch
        return try await ConnectionLease.with(client) { connection in
            let db = LiveConnectionDatabase(base: connection.sql(queryLogLevel: nil), connection: connection, watch: watch)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                // A query sent on a connection that is already gone never completes (postgres-nio 1.33); the server
                // rolls back a transaction whose connection dropped, so there is nothing to send then.
                if !connection.isClosed, !Self.isConnectionLost(error) { await Self.rollBack(db, on: connection) }
                throw error
            }
        }
    }

    /// Whether `error` means the connection itself failed (reset, closed by the server): the transaction is gone and
    /// no further statement may be sent on that connection.
    static func isConnectionLost(_ error: any Error) -> Bool {
        if error is LiveConnectionDatabase.ConnectionLost { return true }
        guard let error = error as? PSQLError else { return false }
        if [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown].contains(error.code) { return true }
        // The server says it is going away (class 57: admin or crash shutdown) or the connection failed (class 08).
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("57P") || state.hasPrefix("08")
    }

    /// Sends `ROLLBACK`, and closes the connection if no answer comes within five seconds (a connection that died
    /// between the check and the statement would otherwise hold the caller for ever); the pool then drops it.
    private static func rollBack(_ db: any SQLDatabase, on connection: PostgresConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await db.raw("ROLLBACK").run() }
            group.addTask {
                guard (try? await Task.sleep(for: .seconds(5))) != nil else { return }
                try? await connection.close()
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Never: PostgreSQL's counter update is what serialises concurrent writers of a tenant's log across nodes.
    func appendLogAlone(_ events: [AuditEvent], leaves: [AuditLeafDraft]) async throws -> Bool { false }

    func close() async {
        runner.cancel()
        _ = await runner.value
        await writerThread.shutdown()
    }
}
