import Logging
import NIOCore
import PostgresNIO
import SQLKit
import Synchronization

/// A PostgreSQL connection's `SQLDatabase` whose statements fail when the connection closes instead of waiting for
/// ever: postgres-nio 1.33 drops a statement written to a connection that has just closed without failing it, which
/// would hold a transaction — and the appender behind it — until the process restarts (seen when PostgreSQL was
/// restarted under load). Each statement completes with its own result or, if the connection closes first, with
/// ``ConnectionLost``.
struct LiveConnectionDatabase: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    let watch: ConnectionWatch

    /// The connection closed before the statement completed.
    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "the connection to PostgreSQL closed before the statement completed" }
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let done = Mutex(false)
        let finish: @Sendable (Result<Void, any Error>) -> Void = { result in
            let first = done.withLock { done in
                defer { done = true }
                return !done
            }
            if first { promise.completeWith(result) }
        }
        guard let ticket = watch.watch(connection, onClose: { finish(.failure(ConnectionLost())) }) else {
            finish(.failure(ConnectionLost()))
            return promise.futureResult
        }
        base.execute(sql: query, onRow).whenComplete { result in
            watch.unwatch(ticket)
            finish(result)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}

/// The statements in flight on each pooled connection, failed together when the connection closes. One callback
/// on each connection's close future, registered when the connection is first seen, so nothing accumulates on a
/// long-lived connection; entries go when their connection closes.
final class ConnectionWatch: Sendable {
    struct Ticket: Sendable {
        let connection: ObjectIdentifier
        let id: UInt64
    }

    private struct Entry {
        var waiting: [UInt64: @Sendable () -> Void] = [:]
    }

    private struct State {
        var connections: [ObjectIdentifier: Entry] = [:]
        var next: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Calls `onClose` if `connection` closes before ``unwatch(_:)``; `nil` when it is closed already.
    func watch(_ connection: PostgresConnection, onClose: @escaping @Sendable () -> Void) -> Ticket? {
        guard !connection.isClosed else { return nil }
        let key = ObjectIdentifier(connection)
        let (ticket, isNew) = state.withLock { state -> (Ticket, Bool) in
            state.next &+= 1
            let isNew = state.connections[key] == nil
            state.connections[key, default: Entry()].waiting[state.next] = onClose
            return (Ticket(connection: key, id: state.next), isNew)
        }
        if isNew {
            connection.closeFuture.whenComplete { [weak self] _ in
                let waiting = self?.state.withLock { $0.connections.removeValue(forKey: key) }?.waiting.values
                for onClose in waiting ?? [:].values { onClose() }
            }
        }
        // Closed between the check and the registration: its close callback may have run before this entry existed.
        if connection.isClosed {
            unwatch(ticket)
            return nil
        }
        return ticket
    }

    func unwatch(_ ticket: Ticket) {
        state.withLock { state in
            _ = state.connections[ticket.connection]?.waiting.removeValue(forKey: ticket.id)
        }
    }
}
