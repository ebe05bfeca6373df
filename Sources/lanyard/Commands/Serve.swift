import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardNode

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Lanyard server.",
        discussion: """
            With no flags: SQLite in ./lanyard-data, listening on 127.0.0.1:8080, tenant 'default', and a one-time \
            platform admin token printed on first start. Settings come from flags, then LANYARD_* environment \
            variables, then the JSON file named by --config (see docs/operations.md).
            """
    )

    @Option(help: "A JSON config file (keys: dataDir, listen, publicURL, databaseURL, bootstrapTokenFile, trustDomain, sweepInterval, logLevel).")
    var config: String?
    @Option(help: "Directory for the embedded SQLite database (default ./lanyard-data).") var dataDir: String?
    @Option(help: "Address to listen on, host:port (default 127.0.0.1:8080).") var listen: String?
    @Option(help: "Externally visible base URL (default http://<listen>).") var publicUrl: String?
    @Option(help: "postgres://user:password@host:port/db to use PostgreSQL instead of SQLite.") var databaseUrl: String?
    @Option(help: "File with the initial admin token; generated and written (mode 0600) if missing or empty.") var bootstrapTokenFile: String?
    @Option(help: "SPIFFE trust domain of the default tenant (default lanyard.local).") var trustDomain: String?
    @Option(help: "How often expired identities are swept and expiry notices sent, such as 60s.") var sweepInterval: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String?
    @Option(help: "File with the base64 key-encryption key that seals signing keys at rest (or LANYARD_KEK).") var kekFile: String?
    @Flag(help: "Development mode: allow a generated key-encryption key next to the data even with PostgreSQL.") var dev = false
    @Option(help: "How often each tenant's audit log gets a signed checkpoint, such as 60s.") var checkpointInterval: String?
    @Option(help: "A file every new audit checkpoint is appended to (one JSON line each), for a witness.") var auditWitnessFile: String?
    @Option(help: "How long an external OIDC issuer's keys are cached, such as 5m (federation; default 5m).") var federationKeysTtl: String?
    @Option(help: "Least time between two forced fetches of one issuer's keys (unknown kid, failure), such as 10s.") var federationMinRefresh: String?
    @Option(help: "How long a signing key signs before the leader rotates it, such as 30d (default 30d; at least 1h).") var signingKeyMaxAge: String?
    @Option(help: "How often the leader checks signing keys and intermediate CAs for renewal, such as 60s.") var renewalInterval: String?
    @Option(help: "This node's id in JSON logs, metrics (lanyard_node_info) and traces (default <hostname>:<port>).") var nodeId: String?
    @Option(help: "text (default) or json: one JSON object per line, each with the node id.") var logFormat: String?
    @Option(help: "Export traces by OTLP/HTTP to this base URL, such as http://127.0.0.1:4318 (or OTEL_EXPORTER_OTLP_ENDPOINT).")
    var otlpEndpoint: String?
    @Option(help: "How often the leader delivers due webhook messages, such as 5s (default 5s; 1s to 1h).") var webhookInterval: String?
    @Option(help: "How often the leader runs the detection rules and reads new audit events for findings (default 5s; 1s to 1h).")
    var findingInterval: String?
    @Option(help: "How long after a break-glass is opened its review is due, such as 24h (default 24h; 1s to 30d).")
    var breakGlassReviewWindow: String?
    @Option(help: "A file with GitHub's secret-scanning public keys ({\"public_keys\": [...]}) for the GitHub leak door (none: it refuses every report).")
    var githubScanningKeys: String?
    @Flag(help: "Accept plain-http webhook endpoints on a loopback host (always accepted with --dev).") var webhookAllowLoopbackHttp = false
    /// Benchmarks only: record no audit events. Refused unless `--dev`.
    @Flag(help: .hidden) var unauditedBenchmark = false

    func run() async throws {
        do {
            try await serve()
        } catch let error as LanyardError {
            printError(ErrorBody(error: error.code.rawValue, message: error.message, field: error.field), output: .table)
            throw ExitCode(ExitStatus.code(for: error))
        }
    }

    private func serve() async throws {
        var flags: [String: String] = [:]
        flags["dataDir"] = dataDir
        flags["listen"] = listen
        flags["publicURL"] = publicUrl
        flags["databaseURL"] = databaseUrl
        flags["bootstrapTokenFile"] = bootstrapTokenFile
        flags["trustDomain"] = trustDomain
        flags["sweepInterval"] = sweepInterval
        flags["logLevel"] = logLevel
        flags["kekFile"] = kekFile
        if dev { flags["dev"] = "true" }
        flags["checkpointInterval"] = checkpointInterval
        flags["auditWitnessFile"] = auditWitnessFile
        flags["federationKeysTTL"] = federationKeysTtl
        flags["federationMinRefresh"] = federationMinRefresh
        flags["signingKeyMaxAge"] = signingKeyMaxAge
        flags["renewalInterval"] = renewalInterval
        flags["nodeID"] = nodeId
        flags["logFormat"] = logFormat
        flags["otlpEndpoint"] = otlpEndpoint
        flags["webhookInterval"] = webhookInterval
        flags["findingInterval"] = findingInterval
        flags["breakGlassReviewWindow"] = breakGlassReviewWindow
        flags["githubScanningKeys"] = githubScanningKeys
        if webhookAllowLoopbackHttp { flags["webhookAllowLoopbackHTTP"] = "true" }
        let settings = try ServeConfiguration.resolve(configFile: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        try await LanyardNode.run(settings, unauditedBenchmark: unauditedBenchmark)
    }
}
