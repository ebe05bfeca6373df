public import Foundation
import LanyardModel

/// Where Lanyard keeps its data: an SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Hashable {
    /// An SQLite database file at this path (created on first use).
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresLocation)

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|require`.
    ///
    /// - Throws: `invalid_configuration` naming what is wrong with the URL; the password is never echoed.
    public static func parse(databaseURL: String) throws -> DatabaseLocation {
        guard let components = URLComponents(string: databaseURL),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw LanyardError(.invalidConfiguration, "The database URL must look like postgres://user:password@host:5432/database.")
        }
        guard let host = components.host, !host.isEmpty else {
            throw LanyardError(.invalidConfiguration, "The database URL has no host.")
        }
        guard let user = components.user, !user.isEmpty else {
            throw LanyardError(.invalidConfiguration, "The database URL has no user name.")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        var requireTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"): requireTLS = false
            case ("sslmode", "require"), ("sslmode", "verify-full"): requireTLS = true
            default:
                throw LanyardError(
                    .invalidConfiguration,
                    "Unsupported database URL option '\(item.name)=\(item.value ?? "")'; only sslmode=disable|require|verify-full is understood.")
            }
        }
        return .postgres(
            PostgresLocation(
                host: host, port: components.port ?? 5432, user: user,
                password: components.password.flatMap { $0.removingPercentEncoding }, database: database.isEmpty ? user : database,
                requireTLS: requireTLS
            ))
    }
}

/// Connection parameters of a PostgreSQL server.
public struct PostgresLocation: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// Connect over TLS and verify the server's certificate.
    public var requireTLS: Bool

    public init(host: String, port: Int, user: String, password: String?, database: String, requireTLS: Bool) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }
}
