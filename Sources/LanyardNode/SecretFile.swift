import Foundation
import LanyardModel

/// Files holding secrets: created with mode 0600, read with a size bound.
public enum SecretFile {
    public static func write(_ secret: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let created = FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw LanyardError(.invalidConfiguration, "Cannot write \(url.path).") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The trimmed content of `path`, or `nil` when the file does not exist or is empty.
    public static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096 else {
            throw LanyardError(.invalidConfiguration, "Cannot read \(path), or it is larger than 4 KiB.")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
