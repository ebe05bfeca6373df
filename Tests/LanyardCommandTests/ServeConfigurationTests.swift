import Foundation
import LanyardModel
import Testing

@testable import LanyardNode
import LanyardStorage

@Suite("serve configuration: defaults, file, environment, flags")
struct ServeConfigurationTests {
    func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lanyard-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("defaults are SQLite in ./lanyard-data on 127.0.0.1:8080")
    func defaults() throws {
        let configuration = try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.dataDir == "./lanyard-data")
        #expect(try configuration.databaseLocation() == .sqlite(path: URL(fileURLWithPath: "./lanyard-data/lanyard.db").path))
        #expect(configuration.resolvedPublicURL(boundPort: 8080) == "http://127.0.0.1:8080")
    }

    @Test("flags beat the environment, which beats the file")
    func precedence() throws {
        let path = try file(#"{"listen": "127.0.0.1:1001", "trustDomain": "file.test", "logLevel": "debug"}"#)
        let configuration = try ServeConfiguration.resolve(
            configFile: path,
            environment: ["LANYARD_LISTEN": "127.0.0.1:1002", "LANYARD_TRUST_DOMAIN": "env.test"],
            flags: ["listen": "0.0.0.0:1003"]
        )
        #expect(configuration.port == 1003 && configuration.host == "0.0.0.0")
        #expect(configuration.trustDomain == "env.test")
        #expect(configuration.logLevel == "debug")
    }

    @Test("the config file can be named by LANYARD_CONFIG")
    func configFromEnvironment() throws {
        let path = try file(#"{"publicURL": "https://lanyard.example.com/"}"#)
        let configuration = try ServeConfiguration.resolve(configFile: nil, environment: ["LANYARD_CONFIG": path], flags: [:])
        #expect(configuration.resolvedPublicURL(boundPort: 8080) == "https://lanyard.example.com")
    }

    @Test(
        "bad settings are refused with the source named",
        arguments: [
            ("listen", "8080"), ("listen", "host:99999"), ("publicURL", "ftp://x"), ("trustDomain", "Bad_Domain"),
            ("sweepInterval", "often"), ("logLevel", "loud"), ("databaseURL", "mysql://u@h/d"),
        ])
    func refuses(key: String, value: String) {
        #expect(throws: LanyardError.self) {
            let configuration = try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [key: value])
            _ = try configuration.databaseLocation()
        }
    }

    @Test("the audit checkpoint interval and witness file come from the file, the environment or flags")
    func auditSettings() throws {
        let path = try file(#"{"checkpointInterval": "5m", "auditWitnessFile": "/var/witness.jsonl"}"#)
        let fromFile = try ServeConfiguration.resolve(configFile: path, environment: [:], flags: [:])
        #expect(fromFile.checkpointInterval.seconds == 300 && fromFile.auditWitnessFile == "/var/witness.jsonl")
        let fromFlags = try ServeConfiguration.resolve(
            configFile: path, environment: ["LANYARD_CHECKPOINT_INTERVAL": "1h"], flags: ["checkpointInterval": "10s"])
        #expect(fromFlags.checkpointInterval.seconds == 10)
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:]).checkpointInterval.seconds == 60)
        #expect(throws: LanyardError.self) {
            try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["checkpointInterval": "soon"])
        }
    }

    @Test("signing key age and renewal interval: defaults, overrides, and bounds")
    func renewalSettings() throws {
        let defaults = try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:])
        #expect(defaults.signingKeyMaxAge.seconds == 30 * 86_400 && defaults.renewalInterval.seconds == 60)
        let set = try ServeConfiguration.resolve(
            configFile: nil, environment: ["LANYARD_SIGNING_KEY_MAX_AGE": "7d"], flags: ["renewalInterval": "5m"])
        #expect(set.signingKeyMaxAge.seconds == 7 * 86_400 && set.renewalInterval.seconds == 300)
        #expect(throws: LanyardError(.invalidConfiguration, "")) {
            try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["signingKeyMaxAge": "10m"])
        }
        #expect(throws: LanyardError(.invalidConfiguration, "")) {
            try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["renewalInterval": "2d"])
        }
    }

    @Test("break-glass review window: 24h by default, shortened for tests, bounded 1s … 30d")
    func breakGlassReviewWindow() throws {
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:]).breakGlassReviewWindow.seconds == 86_400)
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["breakGlassReviewWindow": "3s"]).breakGlassReviewWindow.seconds == 3)
        let fromEnvironment = try ServeConfiguration.resolve(
            configFile: nil, environment: ["LANYARD_BREAK_GLASS_REVIEW_WINDOW": "2h"], flags: [:])
        #expect(fromEnvironment.breakGlassReviewWindow.seconds == 7200)
        for bad in ["0s", "31d", "-5m", "soon"] {
            #expect(throws: LanyardError.self) {
                try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["breakGlassReviewWindow": bad])
            }
        }
    }

    @Test("webhook delivery interval and loopback http: defaults, --dev, overrides, and bounds")
    func webhookSettings() throws {
        let defaults = try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:])
        #expect(defaults.webhookInterval.seconds == 5 && defaults.resolvedWebhookAllowLoopbackHTTP == false)
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["dev": "true"]).resolvedWebhookAllowLoopbackHTTP)
        let set = try ServeConfiguration.resolve(
            configFile: nil, environment: ["LANYARD_WEBHOOK_ALLOW_LOOPBACK_HTTP": "1"], flags: ["webhookInterval": "1s"])
        #expect(set.webhookInterval.seconds == 1 && set.resolvedWebhookAllowLoopbackHTTP)
        let off = try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["dev": "true", "webhookAllowLoopbackHTTP": "false"])
        #expect(off.resolvedWebhookAllowLoopbackHTTP == false, "an explicit false wins over --dev")
        for bad in ["0s", "2h", "soon"] {
            #expect(throws: LanyardError.self) {
                try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["webhookInterval": bad])
            }
        }
        #expect(throws: LanyardError(.invalidConfiguration, "")) {
            try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["webhookAllowLoopbackHTTP": "maybe"])
        }
    }

    @Test("finding detection interval: 5s by default, from the environment or a flag, 1s to 1h")
    func findingInterval() throws {
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: [:]).findingInterval.seconds == 5)
        let set = try ServeConfiguration.resolve(configFile: nil, environment: ["LANYARD_FINDING_INTERVAL": "30s"], flags: [:])
        #expect(set.findingInterval.seconds == 30)
        #expect(try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["findingInterval": "1m"]).findingInterval.seconds == 60)
        for bad in ["0s", "2h", "often"] {
            #expect(throws: LanyardError.self) {
                try ServeConfiguration.resolve(configFile: nil, environment: [:], flags: ["findingInterval": bad])
            }
        }
    }

    @Test("unknown keys in the file are refused")
    func unknownKeys() throws {
        let path = try file(#"{"colour": "blue"}"#)
        #expect(throws: LanyardError(.invalidConfiguration, "")) {
            try ServeConfiguration.resolve(configFile: path, environment: [:], flags: [:])
        }
    }
}
