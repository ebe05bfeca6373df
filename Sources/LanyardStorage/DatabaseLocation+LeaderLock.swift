public import LanyardCore
public import Logging

extension DatabaseLocation {
    /// The lock that elects the leader among the nodes on this database: a PostgreSQL session-level advisory lock
    /// on a connection of its own, or, on SQLite (one node), a lock that is always free.
    public func leaderLock(logger: Logger) -> any LeaderLock {
        switch self {
        case .sqlite: return SingleNodeLeaderLock()
        case .postgres(let location): return PostgresLeaderLock(location: location, logger: logger)
        }
    }
}
