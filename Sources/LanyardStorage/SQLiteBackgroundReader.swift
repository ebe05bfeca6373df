import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// A reader connection for the bulk reads of maintenance passes (the finding detector's running leaf check), at the
/// lowest scheduling priority: its statements run on a thread pool of one thread and its rows are handed over on a
/// loop of its own (``DedicatedThread/background()``), both at nice 19.
///
/// The other readers share the server's event loops: SQLiteNIO hands each row to the connection's loop, so a page of
/// a thousand leaves read there queued a thousand row callbacks in front of that loop's HTTP work — under the MCP
/// gateway's load, the five-second clusters of slow calls. Here the pass takes the cycles the requests leave.
final class SQLiteBackgroundReader: Sendable {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let pool: NIOThreadPool
    private let thread: DedicatedThread

    private init(connection: SQLiteConnection, pool: NIOThreadPool, thread: DedicatedThread) {
        self.connection = connection
        self.pool = pool
        self.thread = thread
    }

    /// Opens the connection to `path` (a path or an SQLite URI).
    static func open(path: String, logger: Logger) async throws -> SQLiteBackgroundReader {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let thread = DedicatedThread.background()
        do {
            // The pool's one thread runs this first, so every statement after it runs at the lowered priority.
            try await pool.runIfActive(eventLoop: thread.eventLoop) { DedicatedThread.lowerPriority(to: DedicatedThread.backgroundNiceness) }.get()
            let connection = try await SQLiteBackend.openReader(path, threadPool: pool, on: thread.eventLoop, logger: logger)
            return SQLiteBackgroundReader(connection: connection, pool: pool, thread: thread)
        } catch {
            try? await pool.shutdownGracefully()
            await thread.shutdown()
            throw error
        }
    }

    /// Runs `body` on the connection, one caller at a time.
    func with<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await lock.withLock { try await body(connection) }
    }

    func close() async {
        try? await connection.close()
        try? await pool.shutdownGracefully()
        await thread.shutdown()
    }

    /// Closes without waiting (a backend dropped without closing): the connection closes on its own loop first.
    func closeDetached() {
        let (thread, pool) = (self.thread, self.pool)
        (connection.close() as EventLoopFuture<Void>).whenComplete { _ in
            pool.shutdownGracefully { _ in }
            thread.stop()
        }
    }
}
