import Foundation
import Logging
@testable import LanyardStorage
import Testing

/// Opening a SQLite backend that fails part-way closes what it had opened: a file that is not a database opens (SQLite
/// reads nothing yet) and fails at the first pragma; its connection must not stay open behind the error.
@Suite("SQLite open failures")
struct SQLiteOpenFailureTests {
    /// How many of this process's file descriptors refer to `path`.
    static func descriptors(to path: String) -> Int {
        let directory = "/proc/self/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)")) == path }.count
    }

    @Test("a file that is not a database fails to open and leaves no descriptor open on it")
    func notADatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lanyard-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("lanyard.db").path
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: path))
        for _ in 0..<3 {
            await #expect(throws: (any Error).self) {
                try await SQLiteBackend.open(path: path, logger: Logger(label: "test"))
            }
        }
        #if os(Linux)
            #expect(Self.descriptors(to: path) == 0)
        #endif
    }
}
