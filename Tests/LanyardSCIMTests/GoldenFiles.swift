import Foundation
import LanyardModel
import Testing

/// The checked-in vectors and pinned outputs under `Golden/`.
enum GoldenFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The names of the files starting with `prefix`, sorted.
    static func names(prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func json(_ name: String) throws -> JSONValue {
        let bytes = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent(name).path))
        return try JSONValue.parse(utf8: Array(bytes))
    }

    /// Compares `text` with the golden file `name`; `LANYARD_UPDATE_GOLDEN=1` rewrites it instead.
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LANYARD_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name)", sourceLocation: sourceLocation)
        #expect(String(decoding: expected, as: UTF8.self) == text, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
