import Foundation
import LanyardModel
import LanyardServer
import LanyardStorage
import Logging
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// A node's observability, set up once per process before anything logs: its node id, the log handler (text or
/// JSON, with the node id), and — when OTLP export is configured — the tracer and its exporter service.
///
/// Export is off unless `otlpEndpoint` (`--otlp-endpoint`) or OpenTelemetry's `OTEL_EXPORTER_OTLP_ENDPOINT` /
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, and `OTEL_SDK_DISABLED` / `OTEL_TRACES_EXPORTER=none` turn it off
/// again. Spans go by OTLP/HTTP (protobuf by default, `OTEL_EXPORTER_OTLP_PROTOCOL=http/json` for JSON) with the
/// resource `service.name=lanyard` and `service.instance.id=<node id>`. Without export no tracer is bootstrapped:
/// the server adds no tracing middleware and the store makes no spans.
struct NodeTelemetry {
    /// This node's id (``ServeConfiguration/resolvedNodeID(hostname:random:)``).
    let nodeID: String
    /// The exporting tracer; `nil` when export is off.
    let tracer: (any Tracer)?
    /// The exporter's background work (batching, sending, the flush at shutdown): run it beside the server,
    /// before it in the service list so that it stops after it.
    let service: (any Service)?

    /// The store's spans, when tracing.
    var storeTracing: StoreTracing? { tracer.map { StoreTracing(tracer: $0) } }
    /// The server's spans, when tracing.
    var requestTracing: RequestTracing? { tracer.map { RequestTracing(tracer: $0, nodeID: nodeID) } }

    /// Bootstraps the process-wide logging and, when export is configured, tracing. Call once per process.
    ///
    /// - Throws: `invalid_configuration` when the exporter cannot be set up (an OTLP protocol other than HTTP, a
    ///   malformed `OTEL_*` value that swift-otel refuses, `--otlp-endpoint` beside `OTEL_EXPORTER_OTLP_*ENDPOINT`).
    static func bootstrap(_ settings: ServeConfiguration, environment: [String: String], random: any RandomSource) throws -> NodeTelemetry {
        let nodeID = settings.resolvedNodeID(hostname: hostName(), random: random)
        let export = try exportConfiguration(settings, environment: environment, nodeID: nodeID)
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let format = settings.logFormat
        LoggingSystem.bootstrap(
            { label, provider in
                switch format {
                case .json: return JSONLogHandler(label: label, node: nodeID, level: level, metadataProvider: provider)
                case .text:
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }
            },
            // With tracing, each line names the trace and span it was logged in.
            metadataProvider: export == nil ? nil : OTel.makeLoggingMetadataProvider()
        )
        guard var export else { return NodeTelemetry(nodeID: nodeID, tracer: nil, service: nil) }
        export.diagnosticLogger = .custom(Logger(label: "lanyard.otel"))
        let backend: (factory: any Tracer, service: any Service)
        do {
            let made = try OTel.makeTracingBackend(configuration: export)
            backend = (made.factory, made.service)
        } catch {
            throw LanyardError(
                .invalidConfiguration, "Cannot set up the OTLP trace exporter: \(error). Lanyard exports over OTLP/HTTP (http/protobuf or http/json).")
        }
        InstrumentationSystem.bootstrap(backend.factory)
        return NodeTelemetry(nodeID: nodeID, tracer: backend.factory, service: backend.service)
    }

    /// The exporter's configuration, or `nil` when export is off. swift-otel applies the `OTEL_*` variables over it.
    static func exportConfiguration(_ settings: ServeConfiguration, environment: [String: String], nodeID: String) throws -> OTel.Configuration? {
        let set = { (name: String) in environment[name].map { !$0.isEmpty } ?? false }
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" || environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none" { return nil }
        let fromEnvironment = set("OTEL_EXPORTER_OTLP_ENDPOINT") || set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        guard settings.otlpEndpoint != nil || fromEnvironment else { return nil }
        if settings.otlpEndpoint != nil, fromEnvironment {
            throw LanyardError(
                .invalidConfiguration,
                "Both --otlp-endpoint (or LANYARD_OTLP_ENDPOINT) and OTEL_EXPORTER_OTLP_ENDPOINT are set; OpenTelemetry's variable would win, so set only one."
            )
        }
        try refuseUnsupported(environment)
        var configuration = OTel.Configuration.default
        configuration.serviceName = "lanyard"
        configuration.resourceAttributes["service.instance.id"] = nodeID
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.diagnosticLogLevel = .warning
        if let base = settings.otlpEndpoint {
            configuration.traces.otlpExporter.endpoint = base.hasSuffix("/") ? base + "v1/traces" : base + "/v1/traces"
        }
        return configuration
    }

    /// The `OTEL_*` values swift-otel would stop the process on (`fatalError`) rather than refuse: refused here, at
    /// start, with a sentence. Values it ignores with a warning (a malformed number, an unknown word) are left to it.
    static func refuseUnsupported(_ environment: [String: String]) throws {
        let value = { (name: String) in environment[name].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 } }
        if let transport = value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? value("OTEL_EXPORTER_OTLP_PROTOCOL"),
            !["http/protobuf", "http/json"].contains(transport)
        {
            throw LanyardError(.invalidConfiguration, "OTLP protocol '\(transport)' is not built in; use http/protobuf (the default) or http/json.")
        }
        let samplers = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"]
        if let sampler = value("OTEL_TRACES_SAMPLER"), !samplers.contains(sampler) {
            throw LanyardError(.invalidConfiguration, "OTEL_TRACES_SAMPLER '\(sampler)' is not supported; use one of \(samplers.joined(separator: ", ")).")
        }
        if let argument = value("OTEL_TRACES_SAMPLER_ARG"), !(Double(argument).map { (0...1).contains($0) } ?? false) {
            throw LanyardError(.invalidConfiguration, "OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1.")
        }
        if let propagators = value("OTEL_PROPAGATORS") {
            for name in propagators.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !["tracecontext", "none"].contains(name) {
                throw LanyardError(.invalidConfiguration, "OTEL_PROPAGATORS '\(name)' is not supported; Lanyard propagates W3C trace context (tracecontext).")
            }
        }
    }

    /// `lanyard_node_info{node="<id>"} 1`: the node id once per scrape, for joining onto any other series by
    /// `instance` (Prometheus's info-metric pattern) rather than as a label on every series.
    func publishNodeInfo(to registry: PrometheusCollectorRegistry) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "lanyard", subsystem: "node", metricName: "info", helpText: "Always 1; the node label is this node's id (--node-id)."),
            labels: [("node", nodeID)]
        ).set(Int64(1))
    }

    /// The system's host name (`gethostname`), or `localhost` when it cannot be read.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
