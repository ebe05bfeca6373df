import Foundation
import LanyardModel

/// A file outside the database that every new checkpoint is appended to, one JSON line each
/// (`{"tenant": …, "size": …, "createdAt": …, "note": …}`), so history cannot be rewritten silently: a rewritten log
/// no longer matches what was witnessed. `lanyard audit verify --checkpoint FILE` reads it.
struct AuditWitnessFile: Sendable {
    let path: String

    func append(_ record: AuditCheckpointRecord) throws {
        var line = try LanyardJSON.encoder().encode(record)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw LanyardError(.storageUnavailable, "Cannot create the audit witness file \(path).")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw LanyardError(.storageUnavailable, "Cannot open the audit witness file \(path).")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw LanyardError(.storageUnavailable, "Cannot append to the audit witness file \(path): \(error)")
        }
    }
}
