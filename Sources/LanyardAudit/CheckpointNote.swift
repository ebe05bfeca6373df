import Foundation
import LanyardModel

/// The body of a transparency-log checkpoint (C2SP `tlog-checkpoint`), the text a ``SignedNote`` signs:
///
/// ```
/// <origin>\n                      e.g. lanyard.example.com/t/default/audit
/// <tree size, decimal>\n
/// <root hash, standard base64>\n
/// time <RFC 3339 UTC seconds>\n  Lanyard's one extension line: when the checkpoint was made
/// ```
public struct CheckpointNote: Sendable, Hashable {
    public var origin: String
    public var size: Int64
    public var rootHash: [UInt8]
    /// Whole seconds since 1970.
    public var time: Int64

    public init(origin: String, size: Int64, rootHash: [UInt8], time: Int64) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.time = time
    }

    /// The note text.
    public var text: String {
        "\(origin)\n\(size)\n\(Data(rootHash).base64EncodedString())\ntime \(RFC3339Seconds.format(time))\n"
    }

    /// Parses a checkpoint body (the text of a signed note).
    ///
    /// - Throws: `invalid_field` (field `checkpoint`) when it is not one.
    public init(parsing text: String) throws {
        let invalid = LanyardError.invalid("checkpoint", "This is not a checkpoint: origin, tree size, base64 root hash, time lines.")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 5, lines[4].isEmpty, !lines[0].isEmpty, let size = Int64(lines[1]), size >= 0,
            String(size) == lines[1], let root = Data(base64Encoded: String(lines[2])), root.count == 32,
            lines[3].hasPrefix("time "), let time = RFC3339Seconds.parse(String(lines[3].dropFirst(5)))
        else { throw invalid }
        self.init(origin: String(lines[0]), size: size, rootHash: Array(root), time: time)
    }
}
