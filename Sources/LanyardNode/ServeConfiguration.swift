public import Foundation
import LanyardCredentials
public import LanyardModel
import LanyardStorage

/// The settings of `lanyard serve`, resolved once at start-up from (lowest to highest precedence)
/// built-in defaults, a JSON config file, `LANYARD_*` environment variables and command-line flags.
///
/// | key (file) | environment | flag | default |
/// |---|---|---|---|
/// | `dataDir` | `LANYARD_DATA_DIR` | `--data-dir` | `./lanyard-data` |
/// | `listen` | `LANYARD_LISTEN` | `--listen` | `127.0.0.1:8080` |
/// | `publicURL` | `LANYARD_PUBLIC_URL` | `--public-url` | `http://<listen>` |
/// | `databaseURL` | `LANYARD_DATABASE_URL` | `--database-url` | SQLite in the data dir |
/// | `bootstrapTokenFile` | `LANYARD_BOOTSTRAP_TOKEN_FILE` | `--bootstrap-token-file` | none |
/// | `trustDomain` | `LANYARD_TRUST_DOMAIN` | `--trust-domain` | `lanyard.local` |
/// | `sweepInterval` | `LANYARD_SWEEP_INTERVAL` | `--sweep-interval` | `60s` |
/// | `logLevel` | `LANYARD_LOG_LEVEL` | `--log-level` | `info` |
/// | `kekFile` | `LANYARD_KEK_FILE` | `--kek-file` | `<dataDir>/kek` with SQLite; required with PostgreSQL |
/// | `dev` | `LANYARD_DEV` | `--dev` | `false` |
/// | `checkpointInterval` | `LANYARD_CHECKPOINT_INTERVAL` | `--checkpoint-interval` | `60s` |
/// | `auditWitnessFile` | `LANYARD_AUDIT_WITNESS_FILE` | `--audit-witness-file` | none |
/// | `signingKeyMaxAge` | `LANYARD_SIGNING_KEY_MAX_AGE` | `--signing-key-max-age` | `30d` |
/// | `renewalInterval` | `LANYARD_RENEWAL_INTERVAL` | `--renewal-interval` | `60s` |
/// | `nodeID` | `LANYARD_NODE_ID` | `--node-id` | `<hostname>:<port>` (see ``resolvedNodeID(hostname:random:)``) |
/// | `logFormat` | `LANYARD_LOG_FORMAT` | `--log-format` | `text` |
/// | `otlpEndpoint` | `LANYARD_OTLP_ENDPOINT` | `--otlp-endpoint` | none: no export (unless `OTEL_EXPORTER_OTLP_ENDPOINT`) |
/// | `webhookInterval` | `LANYARD_WEBHOOK_INTERVAL` | `--webhook-interval` | `5s` |
/// | `findingInterval` | `LANYARD_FINDING_INTERVAL` | `--finding-interval` | `5s` |
/// | `webhookAllowLoopbackHTTP` | `LANYARD_WEBHOOK_ALLOW_LOOPBACK_HTTP` | `--webhook-allow-loopback-http` | `false` (`true` with `--dev`) |
/// | `breakGlassReviewWindow` | `LANYARD_BREAK_GLASS_REVIEW_WINDOW` | `--break-glass-review-window` | `24h` |
/// | `githubScanningKeys` | `LANYARD_GITHUB_SCANNING_KEYS` | `--github-scanning-keys` | none: GitHub reports refused |
public struct ServeConfiguration: Equatable, Sendable {
    public var dataDir = "./lanyard-data"
    public var host = "127.0.0.1"
    public var port = 8080
    public var publicURL: String?
    public var databaseURL: String?
    public var bootstrapTokenFile: String?
    public var trustDomain = "lanyard.local"
    public var sweepInterval = TimeSpan.days(1)
    public var logLevel = "info"
    public var kekFile: String?
    public var dev = false
    /// How often each tenant's audit log gets a signed checkpoint (when it grew).
    public var checkpointInterval = TimeSpan(seconds: 60) ?? .days(1)
    /// A file every new checkpoint is appended to.
    public var auditWitnessFile: String?
    /// How long an external issuer's fetched keys are used before they are fetched again (federation).
    public var federationKeysTTL = TimeSpan(seconds: 300) ?? .days(1)
    /// Least time between two fetches of one issuer's keys forced by an unknown `kid` or a failed fetch.
    public var federationMinRefresh = TimeSpan(seconds: 10) ?? .days(1)
    /// How long a signing key signs before the leader rotates it (the old key stays published while its tokens live).
    public var signingKeyMaxAge = TimeSpan.days(30)
    /// How often the leader checks whether signing keys or intermediate CAs are due for renewal.
    public var renewalInterval = TimeSpan(seconds: 60) ?? .days(1)
    /// This node's name in logs, metrics and traces; `nil` until resolved (``resolvedNodeID(hostname:random:)``).
    public var nodeID: String?
    /// How log lines are written to standard error.
    public var logFormat = LogFormat.text
    /// The OTLP/HTTP base URL traces are exported to (`/v1/traces` is appended); `nil`: not from the settings.
    public var otlpEndpoint: String?
    /// How often the leader delivers due webhook messages (1 s to 1 h).
    public var webhookInterval = TimeSpan(seconds: 5) ?? .days(1)
    /// How often the leader runs the detection rules and follows the audit log for new findings.
    public var findingInterval = TimeSpan(seconds: 5) ?? .days(1)
    /// Whether webhook endpoints may be plain `http://` to a loopback host; `nil`: only with `--dev`.
    public var webhookAllowLoopbackHTTP: Bool?
    /// How long after a break-glass is opened its review is due (1 s to 30 days); unreviewed then, its identity is
    /// suspended.
    public var breakGlassReviewWindow = TimeSpan.days(1)
    /// A file with GitHub's secret-scanning public keys (`{"public_keys": [...]}`, as GitHub publishes them); none:
    /// the GitHub leak door refuses every report.
    public var githubScanningKeys: String?

    /// Whether plain `http://` webhook endpoints on loopback are accepted: as set, else with `--dev`.
    public var resolvedWebhookAllowLoopbackHTTP: Bool { webhookAllowLoopbackHTTP ?? dev }

    /// The shape of log lines.
    public enum LogFormat: String, Sendable, Equatable {
        /// swift-log's text lines (the default).
        case text
        /// One JSON object per line, each with the node id.
        case json
    }

    public static let keys: [(file: String, env: String)] = [
        ("dataDir", "LANYARD_DATA_DIR"), ("listen", "LANYARD_LISTEN"), ("publicURL", "LANYARD_PUBLIC_URL"),
        ("databaseURL", "LANYARD_DATABASE_URL"), ("bootstrapTokenFile", "LANYARD_BOOTSTRAP_TOKEN_FILE"),
        ("trustDomain", "LANYARD_TRUST_DOMAIN"), ("sweepInterval", "LANYARD_SWEEP_INTERVAL"), ("logLevel", "LANYARD_LOG_LEVEL"),
        ("kekFile", "LANYARD_KEK_FILE"), ("dev", "LANYARD_DEV"), ("checkpointInterval", "LANYARD_CHECKPOINT_INTERVAL"),
        ("auditWitnessFile", "LANYARD_AUDIT_WITNESS_FILE"), ("federationKeysTTL", "LANYARD_FEDERATION_KEYS_TTL"),
        ("federationMinRefresh", "LANYARD_FEDERATION_MIN_REFRESH"), ("signingKeyMaxAge", "LANYARD_SIGNING_KEY_MAX_AGE"),
        ("renewalInterval", "LANYARD_RENEWAL_INTERVAL"),
        ("nodeID", "LANYARD_NODE_ID"), ("logFormat", "LANYARD_LOG_FORMAT"), ("otlpEndpoint", "LANYARD_OTLP_ENDPOINT"),
        ("webhookInterval", "LANYARD_WEBHOOK_INTERVAL"), ("findingInterval", "LANYARD_FINDING_INTERVAL"),
        ("webhookAllowLoopbackHTTP", "LANYARD_WEBHOOK_ALLOW_LOOPBACK_HTTP"),
        ("breakGlassReviewWindow", "LANYARD_BREAK_GLASS_REVIEW_WINDOW"), ("githubScanningKeys", "LANYARD_GITHUB_SCANNING_KEYS"),
    ]

    /// Resolves the configuration. `flags` uses the config-file key names.
    public static func resolve(configFile: String?, environment: [String: String], flags: [String: String]) throws -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.sweepInterval = TimeSpan(seconds: 60) ?? .days(1)
        if let path = configFile ?? environment["LANYARD_CONFIG"] {
            for (key, value) in try readFile(path) { try configuration.set(key, value, source: "\(path): \(key)") }
        }
        for (file, env) in keys {
            if let value = environment[env] { try configuration.set(file, value, source: env) }
        }
        for (key, value) in flags.sorted(by: { $0.key < $1.key }) { try configuration.set(key, value, source: "--\(key)") }
        return configuration
    }

    static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 * 1024 else {
            throw LanyardError(.invalidConfiguration, "Cannot read the config file \(path) (or it is over 64 KiB).")
        }
        guard case .object(let object)? = try? JSONValue.parse(utf8: Array(data)) else {
            throw LanyardError(.invalidConfiguration, "The config file \(path) must be a JSON object such as {\"listen\": \"127.0.0.1:8080\"}.")
        }
        let known = Set(keys.map(\.file))
        var out: [String: String] = [:]
        for (key, value) in object {
            guard known.contains(key) else {
                throw LanyardError(.invalidConfiguration, "Unknown key '\(key)' in \(path); known keys: \(keys.map(\.file).joined(separator: ", ")).")
            }
            switch value {
            case .string(let text): out[key] = text
            case .bool(let flag): out[key] = flag ? "true" : "false"
            case .number(let number): out[key] = number.text
            default: throw LanyardError(.invalidConfiguration, "\(path): \(key) must be a string.")
            }
        }
        return out
    }

    mutating func set(_ key: String, _ value: String, source: String) throws {
        switch key {
        case "dataDir": dataDir = value
        case "listen":
            guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65535).contains(port) else {
                throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not host:port, such as 127.0.0.1:8080.")
            }
            host = String(value[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            self.port = port
        case "publicURL":
            guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not an http(s) URL.")
            }
            publicURL = value.hasSuffix("/") ? String(value.dropLast()) : value
        case "databaseURL": databaseURL = value.isEmpty ? nil : value
        case "bootstrapTokenFile": bootstrapTokenFile = value.isEmpty ? nil : value
        case "trustDomain":
            let ok =
                !value.isEmpty && value.count <= 255
                && value.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
            guard ok else { throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not a trust domain (lower-case letters, digits, '.', '-').") }
            trustDomain = value
        case "sweepInterval": sweepInterval = try TimeSpan(parsing: value, field: source)
        case "kekFile": kekFile = value.isEmpty ? nil : value
        case "checkpointInterval":
            let interval = try TimeSpan(parsing: value, field: source)
            guard interval.seconds >= 1 else { throw LanyardError(.invalidConfiguration, "\(source): the checkpoint interval must be at least 1s.") }
            checkpointInterval = interval
        case "auditWitnessFile": auditWitnessFile = value.isEmpty ? nil : value
        case "githubScanningKeys": githubScanningKeys = value.isEmpty ? nil : value
        case "federationKeysTTL":
            let ttl = try TimeSpan(parsing: value, field: source)
            guard ttl.seconds >= 1, ttl.seconds <= 86_400 else {
                throw LanyardError(.invalidConfiguration, "\(source): the issuer keys' cache TTL must be between 1s and 24h.")
            }
            federationKeysTTL = ttl
        case "federationMinRefresh":
            let interval = try TimeSpan(parsing: value, field: source)
            guard interval.seconds >= 1, interval.seconds <= 3600 else {
                throw LanyardError(.invalidConfiguration, "\(source): the issuer keys' minimum refresh interval must be between 1s and 1h.")
            }
            federationMinRefresh = interval
        case "signingKeyMaxAge":
            let age = try TimeSpan(parsing: value, field: source)
            guard age.seconds >= 3600 else { throw LanyardError(.invalidConfiguration, "\(source): signing keys must sign for at least 1h.") }
            signingKeyMaxAge = age
        case "renewalInterval":
            let interval = try TimeSpan(parsing: value, field: source)
            guard interval.seconds >= 1, interval.seconds <= 86_400 else {
                throw LanyardError(.invalidConfiguration, "\(source): the renewal interval must be between 1s and 24h.")
            }
            renewalInterval = interval
        case "dev":
            dev = try Self.flag(value, source: source)
        case "webhookInterval":
            let interval = try TimeSpan(parsing: value, field: source)
            guard interval.seconds >= 1, interval.seconds <= 3600 else {
                throw LanyardError(.invalidConfiguration, "\(source): the webhook delivery interval must be between 1s and 1h.")
            }
            webhookInterval = interval
        case "findingInterval":
            let interval = try TimeSpan(parsing: value, field: source)
            guard interval.seconds >= 1, interval.seconds <= 3600 else {
                throw LanyardError(.invalidConfiguration, "\(source): the finding detection interval must be between 1s and 1h.")
            }
            findingInterval = interval
        case "breakGlassReviewWindow":
            let window = try TimeSpan(parsing: value, field: source)
            guard window.seconds >= 1, window <= TimeSpan.days(30) else {
                throw LanyardError(.invalidConfiguration, "\(source): the break-glass review window must be between 1s and 30d.")
            }
            breakGlassReviewWindow = window
        case "webhookAllowLoopbackHTTP":
            webhookAllowLoopbackHTTP = try Self.flag(value, source: source)
        case "logLevel":
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(value) else {
                throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not a log level (trace, debug, info, notice, warning, error, critical).")
            }
            logLevel = value
        case "nodeID":
            guard Self.isNodeID(value) else {
                throw LanyardError(
                    .invalidConfiguration, "\(source): '\(value)' is not a node id (1 to 64 letters, digits, '.', '_', ':' or '-').")
            }
            nodeID = value
        case "logFormat":
            guard let format = LogFormat(rawValue: value) else {
                throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not a log format (text or json).")
            }
            logFormat = format
        case "otlpEndpoint":
            guard !value.isEmpty else {
                otlpEndpoint = nil
                return
            }
            guard value.utf8.count <= 2048, let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else {
                throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not an http(s) URL such as http://127.0.0.1:4318.")
            }
            otlpEndpoint = value
        default:
            throw LanyardError(.invalidConfiguration, "Unknown setting '\(key)'.")
        }
    }

    static func flag(_ value: String, source: String) throws -> Bool {
        guard let flag = ["true": true, "1": true, "false": false, "0": false][value.lowercased()] else {
            throw LanyardError(.invalidConfiguration, "\(source): '\(value)' is not true or false.")
        }
        return flag
    }

    /// Where the data lives.
    func databaseLocation() throws -> DatabaseLocation {
        if let databaseURL { return try DatabaseLocation.parse(databaseURL: databaseURL) }
        return .sqlite(path: URL(fileURLWithPath: dataDir).appendingPathComponent("lanyard.db").path)
    }

    /// Where the key-encryption key comes from: `LANYARD_KEK` (inline), `kekFile`, or — only with the embedded
    /// SQLite default or `--dev` — a key generated once into `<dataDir>/kek` (mode 0600).
    func keyEncryptionKey(environment: [String: String]) throws -> (KeyEncryptionKey, note: String?) {
        if let inline = environment["LANYARD_KEK"] { return (try KeyEncryptionKey(encoded: inline), nil) }
        if let kekFile {
            guard let text = FileManager.default.contents(atPath: kekFile).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw LanyardError(.invalidConfiguration, "Cannot read the key-encryption key file \(kekFile).")
            }
            return (try KeyEncryptionKey(encoded: text), nil)
        }
        guard databaseURL == nil || dev else {
            throw LanyardError(
                .invalidConfiguration,
                "Signing keys are encrypted at rest: give a key-encryption key with --kek-file (32 random bytes, base64) or LANYARD_KEK. --dev keeps one next to the data instead."
            )
        }
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("kek").path
        if let data = FileManager.default.contents(atPath: path) {
            return (try KeyEncryptionKey(encoded: String(decoding: data, as: UTF8.self)), nil)
        }
        let (key, encoded) = KeyEncryptionKey.generate()
        guard FileManager.default.createFile(atPath: path, contents: Data((encoded + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LanyardError(.invalidConfiguration, "Cannot write the key-encryption key to \(path).")
        }
        return (key, "Generated a key-encryption key in \(path); for production keep it apart from the data (--kek-file).")
    }

    /// Whether `value` may name a node: 1 to 64 of `A-Z a-z 0-9 . _ : -`, so it is safe as it stands in a Prometheus
    /// label, a JSON log line and an OpenTelemetry resource attribute.
    static func isNodeID(_ value: String) -> Bool {
        (1...64).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"): true
                default: false
                }
            }
    }

    /// This node's id: `nodeID` when set; else `<hostname>:<port>`, stable across restarts and distinct for several
    /// nodes on one host; else — when the port is 0 (chosen by the system) or the host name is not a valid id —
    /// `node-` and 8 random hex digits, new at every start.
    public func resolvedNodeID(hostname: String, random: any RandomSource) -> String {
        if let nodeID { return nodeID }
        let named = "\(hostname):\(port)"
        if port != 0, Self.isNodeID(named) { return named }
        return "node-" + String(UInt32(truncatingIfNeeded: random.next()), radix: 16).leftPadded(to: 8)
    }

    /// The public base URL, derived from the listen address when not set.
    public func resolvedPublicURL(boundPort: Int) -> String {
        publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
