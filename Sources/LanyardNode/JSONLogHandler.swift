import Foundation
import LanyardModel
import Logging
import Synchronization

/// The `--log-format json` handler: one JSON object per line on standard error, so a log shipper collecting
/// several nodes can tell them apart and parse every field.
///
/// Each line has, in this order: `time` (UTC, milliseconds), `level`, `node` (the node id), `logger` (the
/// label), `message`, then the metadata (the logger's, the metadata provider's such as `trace_id`/`span_id` when
/// tracing, then the call's; a later value wins) as string members, and `error` when the event carries one. A
/// metadata key that would replace one of the fixed members is written as `metadata.<key>` instead.
struct JSONLogHandler: LogHandler {
    let label: String
    let node: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Where a finished line goes (with its newline); standard error in production.
    let write: @Sendable (String) -> Void
    /// The time of an event; injected so that tests pin it.
    let now: @Sendable () -> Date

    static let fixedKeys: Set<String> = ["time", "level", "node", "logger", "message", "error"]

    init(
        label: String, node: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider?,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.node = node
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.write = write
        self.now = now
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        let line = Self.line(
            time: now(), level: event.level, node: node, label: label, message: event.message.description, metadata: merged,
            error: event.error.map { "\($0)" })
        write(line + "\n")
    }

    /// One log line's JSON text (without the newline).
    static func line(
        time: Date, level: Logger.Level, node: String, label: String, message: String, metadata: Logger.Metadata, error: String? = nil
    ) -> String {
        var object: JSONObject = [
            "time": .string(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "level": .string(level.rawValue), "node": .string(node), "logger": .string(label), "message": .string(message),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            object[fixedKeys.contains(key) ? "metadata.\(key)" : key] = json(value)
        }
        if let error { object["error"] = .string(error) }
        return JSONValue.object(object).compactText
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members): .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }

    /// Serialises writes: lines from several threads never interleave.
    private static let output = Mutex(())

    /// Writes `line` to standard error, one whole line at a time.
    @Sendable static func standardError(_ line: String) {
        output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
