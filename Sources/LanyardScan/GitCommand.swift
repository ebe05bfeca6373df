import Foundation

/// Runs `git`. The repository scanned may be anyone's, so nothing it configures may run a program: no filesystem
/// monitor hook (`core.fsmonitor`), and history is read with external diff drivers and text conversion off.
enum GitCommand {
    /// A git process with `arguments`, its standard output on a pipe.
    static func start(_ arguments: [String]) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.fsmonitor=false"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output.fileHandleForReading)
    }

    /// The output of a short git command split at `separator`, or `nil` when git fails.
    static func lines(_ arguments: [String], separator: UInt8 = 0x0A) -> [String]? {
        guard let (process, handle) = try? start(arguments) else { return nil }
        let data = handle.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return data.split(separator: separator).map { String(decoding: $0, as: UTF8.self) }
    }
}
