import ArgumentParser
import Foundation
import Hummingbird
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardServer
import LanyardStorage
import Logging
import Prometheus
import ServiceLifecycle

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
    @Option(help: "How often expired identities are swept, such as 60s.") var sweepInterval: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String?
    @Option(help: "File with the base64 key-encryption key that seals signing keys at rest (or LANYARD_KEK).") var kekFile: String?
    @Flag(help: "Development mode: allow a generated key-encryption key next to the data even with PostgreSQL.") var dev = false
    @Option(help: "How often each tenant's audit log gets a signed checkpoint, such as 60s.") var checkpointInterval: String?
    @Option(help: "A file every new audit checkpoint is appended to (one JSON line each), for a witness.") var auditWitnessFile: String?
    @Option(help: "How long an external OIDC issuer's keys are cached, such as 5m (federation; default 5m).") var federationKeysTtl: String?
    @Option(help: "Least time between two forced fetches of one issuer's keys (unknown kid, failure), such as 10s.") var federationMinRefresh: String?
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
        let settings = try ServeConfiguration.resolve(configFile: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        guard !unauditedBenchmark || settings.dev else {
            throw LanyardError(.invalidConfiguration, "--unaudited-benchmark turns the audit trail off and exists only for benchmarks; it needs --dev.")
        }

        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lanyard")

        let location = try settings.databaseLocation()
        if case .sqlite = location {
            try FileManager.default.createDirectory(atPath: settings.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let store = try await SQLStore.open(location, logger: logger)
        do {
            try await run(settings: settings, store: store, location: location, logger: logger)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    private func run(settings: ServeConfiguration, store: SQLStore, location: DatabaseLocation, logger: Logger) async throws {
        let clock = SystemClock()
        let (kek, kekNote) = try settings.keyEncryptionKey(environment: ProcessInfo.processInfo.environment)
        if let kekNote { logger.warning("\(kekNote)") }
        let auditKeys = AuditKeys(kek: kek)
        let audit: any AuditLog = unauditedBenchmark ? DisabledAuditLog() : StoreAuditLog(keys: auditKeys)
        if unauditedBenchmark { logger.critical("--unaudited-benchmark: NO AUDIT EVENTS ARE RECORDED. For benchmarks only.") }
        let keys = KeyManagement(store: store, audit: audit, clock: clock, ring: KeyRing(kek: kek))
        let tenancy = Tenancy(store: store, audit: audit, clock: clock, baseTrustDomain: settings.trustDomain, keys: keys)

        var provided: String?
        var wroteTokenFile = false
        if let path = settings.bootstrapTokenFile {
            provided = try SecretFile.read(path)
            if provided == nil {
                var generator = SystemRandomNumberGenerator()
                let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
                try SecretFile.write(token, to: path)
                provided = token
                wroteTokenFile = true
            }
        }
        let newToken = try await tenancy.bootstrap(providedToken: provided)
        try await keys.loadAll()
        let revocations = RevocationList()
        var keyPolicy = IssuerKeyCache.Policy()
        keyPolicy.ttl = settings.federationKeysTTL.seconds
        keyPolicy.minRefreshInterval = settings.federationMinRefresh.seconds
        let issuerKeys = IssuerKeyCache(fetcher: HTTPIssuerDocumentFetcher(), clock: clock, policy: keyPolicy)
        let credentials = CredentialIssuer(
            store: store, audit: audit, clock: clock, ring: keys.ring, revocations: revocations, issuerKeys: issuerKeys)
        try await credentials.rebuildRevocations()
        let tokenFileNote = wroteTokenFile ? settings.bootstrapTokenFile.map { "Platform admin token written to \($0)." } : nil

        let registry = PrometheusCollectorRegistry()
        let publicURL = settings.resolvedPublicURL(boundPort: settings.port)
        let ledger = AuditLedger(store: store, keys: auditKeys, clock: clock, publicURL: publicURL, witnessFile: settings.auditWitnessFile)
        let checkpointer = AuditCheckpointer(ledger: ledger, interval: .seconds(settings.checkpointInterval.seconds), logger: logger)
        let dependencies = ServerDependencies(
            store: store, inventory: Inventory(store: store, audit: audit, clock: clock, revocations: revocations),
            templates: Templates(store: store, audit: audit, clock: clock), tenancy: tenancy,
            auditTrail: AuditTrail(store: store), keys: keys, credentials: credentials,
            decisions: Decisions(store: store, audit: audit, clock: clock, credentials: credentials), registry: registry, publicURL: publicURL,
            ledger: ledger
        )
        let sweeper = ExpirySweeper(
            store: store, audit: audit, clock: clock, interval: .seconds(settings.sweepInterval.seconds), logger: logger,
            revocations: revocations
        )
        let databaseDescription: String
        switch location {
        case .sqlite(let path): databaseDescription = "SQLite at \(path)"
        case .postgres(let postgres): databaseDescription = "PostgreSQL at \(postgres.host):\(postgres.port)/\(postgres.database)"
        }
        let app = Application(
            router: buildLanyardRouter(dependencies),
            server: lanyardHTTPServer(),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "lanyard"),
            services: [sweeper, checkpointer],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                var lines = ["Lanyard is listening on http://\(settings.host):\(port) (\(databaseDescription))"]
                if let newToken {
                    lines += [
                        "", "Platform admin token (shown only this once; store it now):", "  \(newToken)", "",
                        "  export LANYARD_ADDR=http://\(settings.host):\(port)", "  export LANYARD_TOKEN=\(newToken)", "",
                    ]
                } else if let tokenFileNote {
                    lines.append(tokenFileNote)
                }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            },
            logger: logger
        )
        try await app.runService()
    }
}
