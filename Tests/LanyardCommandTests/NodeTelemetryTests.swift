import Foundation
import LanyardModel
import LanyardTesting
import Logging
import OTel
import Synchronization
import Testing

@testable import LanyardNode

/// The node id, the log format, the OTLP settings and when export is on (``NodeTelemetry``), and the JSON log line.
@Suite("node telemetry: node id, log format, trace export")
struct NodeTelemetryTests {
    func settings(_ flags: [String: String], environment: [String: String] = [:]) throws -> ServeConfiguration {
        try ServeConfiguration.resolve(configFile: nil, environment: environment, flags: flags)
    }

    @Test("the node id defaults to host:port, or a random id when the port is the system's choice or the host name is unusable")
    func nodeIDDefaults() throws {
        let random = SeededRandom(seed: 7)
        #expect(try settings([:]).resolvedNodeID(hostname: "web-1", random: random) == "web-1:8080")
        #expect(try settings(["listen": "0.0.0.0:9443"]).resolvedNodeID(hostname: "web-1.example", random: random) == "web-1.example:9443")
        let ephemeral = try settings(["listen": "127.0.0.1:0"]).resolvedNodeID(hostname: "web-1", random: random)
        #expect(ephemeral.wholeMatch(of: /node-[0-9a-f]{8}/) != nil)
        let odd = try settings([:]).resolvedNodeID(hostname: "bad host/name", random: random)
        #expect(odd.wholeMatch(of: /node-[0-9a-f]{8}/) != nil)
        #expect(try settings(["nodeID": "eu-1a"]).resolvedNodeID(hostname: "web-1", random: random) == "eu-1a")
        #expect(try settings([:], environment: ["LANYARD_NODE_ID": "from-env"]).nodeID == "from-env")
    }

    @Test("a node id is 1 to 64 of letters, digits and . _ : -, since it goes into labels and log lines unescaped")
    func nodeIDIsBounded() throws {
        for bad in ["", "a b", "a\"b", "a}b", "ü", String(repeating: "x", count: 65), "a\nb"] {
            #expect(throws: LanyardError.self) { try settings(["nodeID": bad]) }
        }
        #expect(try settings(["nodeID": String(repeating: "x", count: 64)]).nodeID?.count == 64)
    }

    @Test("log format is text by default, json when asked, and nothing else")
    func logFormat() throws {
        #expect(try settings([:]).logFormat == .text)
        #expect(try settings(["logFormat": "json"]).logFormat == .json)
        #expect(try settings([:], environment: ["LANYARD_LOG_FORMAT": "json"]).logFormat == .json)
        #expect(throws: LanyardError.self) { try settings(["logFormat": "logfmt"]) }
    }

    @Test("export is off by default and with only unrelated OTEL_ variables")
    func exportOffByDefault() throws {
        #expect(try NodeTelemetry.exportConfiguration(settings([:]), environment: [:], nodeID: "n") == nil)
        let unrelated = ["OTEL_SERVICE_NAME": "x", "OTEL_EXPORTER_OTLP_ENDPOINT": ""]
        #expect(try NodeTelemetry.exportConfiguration(settings([:]), environment: unrelated, nodeID: "n") == nil)
    }

    @Test("--otlp-endpoint turns export on: traces to <base>/v1/traces, service lanyard, the node as service.instance.id")
    func exportByFlag() throws {
        let configuration = try #require(
            try NodeTelemetry.exportConfiguration(settings(["otlpEndpoint": "http://collector:4318"]), environment: [:], nodeID: "n1"))
        #expect(configuration.traces.otlpExporter.endpoint == "http://collector:4318/v1/traces")
        #expect(configuration.serviceName == "lanyard")
        #expect(configuration.resourceAttributes == ["service.instance.id": "n1"])
        #expect(!configuration.logs.enabled && !configuration.metrics.enabled && configuration.traces.enabled)
        let slash = try NodeTelemetry.exportConfiguration(settings(["otlpEndpoint": "https://c.example/otlp/"]), environment: [:], nodeID: "n1")
        #expect(slash?.traces.otlpExporter.endpoint == "https://c.example/otlp/v1/traces")
    }

    @Test("OpenTelemetry's endpoint variables turn export on; OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none turn it off")
    func exportByEnvironment() throws {
        for variable in ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] {
            #expect(try NodeTelemetry.exportConfiguration(settings([:]), environment: [variable: "http://c:4318"], nodeID: "n") != nil)
        }
        let on = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"]
        for off in [["OTEL_SDK_DISABLED": "TRUE"], ["OTEL_TRACES_EXPORTER": "none"]] {
            #expect(try NodeTelemetry.exportConfiguration(settings([:]), environment: on.merging(off) { $1 }, nodeID: "n") == nil)
            #expect(try NodeTelemetry.exportConfiguration(settings(["otlpEndpoint": "http://c:4318"]), environment: off, nodeID: "n") == nil)
        }
    }

    @Test("the flag beside OpenTelemetry's endpoint variable is refused, since the variable would silently win")
    func exportConflict() throws {
        #expect(throws: LanyardError.self) {
            try NodeTelemetry.exportConfiguration(
                settings(["otlpEndpoint": "http://a:4318"]), environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://b:4318"], nodeID: "n")
        }
    }

    @Test("OTEL_ values swift-otel would crash on are refused at start with a sentence; supported ones pass")
    func unsupportedEnvironment() throws {
        let on = try settings(["otlpEndpoint": "http://c:4318"])
        for bad in [
            ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"], ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "GRPC"], ["OTEL_TRACES_SAMPLER": "xray"],
            ["OTEL_TRACES_SAMPLER": "jaeger_remote"], ["OTEL_TRACES_SAMPLER_ARG": "1.5"], ["OTEL_TRACES_SAMPLER_ARG": "half"],
            ["OTEL_PROPAGATORS": "tracecontext,b3"], ["OTEL_PROPAGATORS": "baggage"],
        ] {
            #expect(throws: LanyardError.self, "\(bad)") { try NodeTelemetry.exportConfiguration(on, environment: bad, nodeID: "n") }
        }
        let supported = [
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25",
            "OTEL_PROPAGATORS": "tracecontext",
        ]
        #expect(try NodeTelemetry.exportConfiguration(on, environment: supported, nodeID: "n") != nil)
        // Nothing is checked while export is off.
        #expect(try NodeTelemetry.exportConfiguration(settings([:]), environment: ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"], nodeID: "n") == nil)
    }

    @Test("--otlp-endpoint must be an http(s) URL")
    func endpointIsAURL() throws {
        for bad in ["collector:4318", "ftp://c", "http://", String(repeating: "a", count: 3000)] {
            #expect(throws: LanyardError.self) { try settings(["otlpEndpoint": bad]) }
        }
        #expect(try settings(["otlpEndpoint": ""]).otlpEndpoint == nil)
        #expect(try settings([:], environment: ["LANYARD_OTLP_ENDPOINT": "http://c:4318"]).otlpEndpoint == "http://c:4318")
    }

    @Test("a JSON log line: fixed members first, then metadata by name, clashing keys prefixed, nested values kept")
    func jsonLine() {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_796_212_800.25), level: .warning, node: "node-a", label: "lanyard", message: "say \"hi\"",
            metadata: ["zeta": "1", "node": "spoofed", "trace_id": "abc", "nested": ["k": ["x", "y"]]], error: "Boom()")
        #expect(
            line
                == #"{"time":"2026-12-02T12:00:00.250Z","level":"warning","node":"node-a","logger":"lanyard","message":"say \"hi\"","#
                + #""nested":{"k":["x","y"]},"metadata.node":"spoofed","trace_id":"abc","zeta":"1","error":"Boom()"}"#
        )
    }

    @Test("the handler merges the logger's, the provider's and the call's metadata (the call wins) and writes one line each")
    func handlerMerges() {
        let lines = LockedLines()
        let provider = Logger.MetadataProvider { ["trace_id": "t1", "from": "provider"] }
        var handler = JSONLogHandler(
            label: "test", node: "n", level: .info, metadataProvider: provider, write: { lines.append($0) },
            now: { Date(timeIntervalSince1970: 0) })
        handler[metadataKey: "from"] = "logger"
        handler[metadataKey: "request"] = "r1"
        let logger = Logger(label: "test") { _ in handler }
        logger.info("hello", metadata: ["from": "call"])
        logger.debug("below the level")
        #expect(
            lines.all
                == [
                    #"{"time":"1970-01-01T00:00:00.000Z","level":"info","node":"n","logger":"test","message":"hello","from":"call","request":"r1","trace_id":"t1"}"#
                        + "\n"
                ]
        )
    }
}

/// Lines a test handler wrote.
final class LockedLines: Sendable {
    private let lines = Mutex([String]())
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
