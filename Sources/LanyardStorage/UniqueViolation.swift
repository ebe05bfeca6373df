import PostgresNIO
import SQLiteNIO

/// Recognises a unique-key violation from either engine.
enum UniqueViolation {
    static func matches(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            return error.reason == .constraint || error.message.contains("UNIQUE constraint failed")
        }
        return false
    }
}
