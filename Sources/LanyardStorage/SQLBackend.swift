import Foundation
import LanyardModel
import Logging
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit

/// The database engine under the one SQL code path.
enum SQLEngine: Sendable {
    case sqlite, postgres
}

/// What differs between engines: how a connection is obtained and how a transaction is run.
protocol SQLBackend: Sendable {
    var engine: SQLEngine { get }
    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

/// SQLite in WAL mode: one writer connection (transactions serialised by a lock, `BEGIN IMMEDIATE`,
/// `synchronous=FULL` so a commit is on disk before it is acknowledged) and one reader connection.
final class SQLiteBackend: SQLBackend {
    let engine = SQLEngine.sqlite
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()
    private let readLock = AsyncLock()

    private init(writer: SQLiteConnection, reader: SQLiteConnection) {
        self.writer = writer
        self.reader = reader
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let writerDB = writer.sql(queryLogLevel: nil)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON"] {
            try await writerDB.raw(SQLQueryString(pragma)).run()
        }
        let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        try await reader.sql(queryLogLevel: nil).raw("PRAGMA busy_timeout=5000").run()
        return SQLiteBackend(writer: writer, reader: reader)
    }

    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = reader.sql(queryLogLevel: nil)
        return try await readLock.withLock { try await body(db) }
    }

    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = writer.sql(queryLogLevel: nil)
        return try await writeLock.withLock {
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
        try? await writer.close()
        try? await reader.close()
    }

    /// A backend dropped without ``close()`` still closes its connections (the close keeps them alive until done).
    deinit {
        _ = writer.close() as EventLoopFuture<Void>
        _ = reader.close() as EventLoopFuture<Void>
    }
}

/// PostgreSQL through a `PostgresClient` connection pool; each transaction leases one connection.
final class PostgresBackend: SQLBackend {
    let engine = SQLEngine.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
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
        return PostgresBackend(client: client, runner: runner, logger: logger)
    }

    func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = connection.sql(queryLogLevel: nil)
            try await db.raw("BEGIN").run()
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
        runner.cancel()
        _ = await runner.value
    }
}
