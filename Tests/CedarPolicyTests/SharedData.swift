import Foundation

/// The project's shared data (`shared/` beside the repository: the Cedar conformance corpus and benchmark
/// workloads). `LANYARD_SHARED` overrides the location. The tests that read it fail, not skip, when it is missing.
enum SharedData {
    static let root: String = {
        if let override = ProcessInfo.processInfo.environment["LANYARD_SHARED"] { return override }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }
}
