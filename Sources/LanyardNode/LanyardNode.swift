public import Foundation
package import Hummingbird
import LanyardCore
import LanyardCredentials
public import LanyardModel
package import LanyardServer
import LanyardStorage
import Logging
import Prometheus
import ServiceLifecycle

/// A Lanyard node: the composition root. It opens the store named by the settings, builds the use cases, the
/// HTTP server and the background services (expiry sweeper, audit checkpointer) and runs them until SIGTERM or
/// SIGINT. The `lanyard serve` command is a thin front end to ``run(_:unauditedBenchmark:)``.
public enum LanyardNode {
    /// Runs a node with `settings` until it is told to stop.
    ///
    /// - Parameter unauditedBenchmark: records no audit events (benchmarks only); refused unless `settings.dev`.
    public static func run(_ settings: ServeConfiguration, unauditedBenchmark: Bool = false) async throws {
        try await run(settings, unauditedBenchmark: unauditedBenchmark, extraRoutes: nil)
    }

    /// Routes a benchmark build adds beside the real ones (`lanyard-ceiling`); never set by `lanyard serve`.
    package typealias ExtraRoutes = @Sendable (Router<LanyardRequestContext>, ServerDependencies) -> Void

    /// ``run(_:unauditedBenchmark:)`` with `extraRoutes` registered after the real routes: for the ceiling-route
    /// benchmark product only, which is why it is not public.
    package static func run(_ settings: ServeConfiguration, unauditedBenchmark: Bool, extraRoutes: ExtraRoutes?) async throws {
        guard !unauditedBenchmark || settings.dev else {
            throw LanyardError(.invalidConfiguration, "--unaudited-benchmark turns the audit trail off and exists only for benchmarks; it needs --dev.")
        }

        // Observability (NodeTelemetry): the node id, the log handler, and the tracer when OTLP export is configured.
        let telemetry = try NodeTelemetry.bootstrap(settings, environment: ProcessInfo.processInfo.environment, random: SystemRandom())
        let logger = Logger(label: "lanyard")

        let location = try settings.databaseLocation()
        if case .sqlite = location {
            try FileManager.default.createDirectory(atPath: settings.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let store = try await SQLStore.open(location, logger: logger, tracing: telemetry.storeTracing)
        do {
            try await run(
                settings: settings, unauditedBenchmark: unauditedBenchmark, extraRoutes: extraRoutes, store: store, location: location, logger: logger,
                telemetry: telemetry)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    private static func run(
        settings: ServeConfiguration, unauditedBenchmark: Bool, extraRoutes: ExtraRoutes?, store: SQLStore, location: DatabaseLocation,
        logger: Logger, telemetry: NodeTelemetry
    ) async throws {
        let clock = SystemClock()
        let random = SystemRandom()
        let (kek, kekNote) = try settings.keyEncryptionKey(environment: ProcessInfo.processInfo.environment)
        if let kekNote { logger.warning("\(kekNote)") }
        let auditKeys = AuditKeys(kek: kek)
        let audit: any AuditLog = unauditedBenchmark ? DisabledAuditLog() : StoreAuditLog(keys: auditKeys)
        if unauditedBenchmark { logger.critical("--unaudited-benchmark: NO AUDIT EVENTS ARE RECORDED. For benchmarks only.") }
        let ring = KeyRing(kek: kek)
        // The one owner of in-memory state, fed by the store's change stream from here on.
        let state = TenantState(store: store, clock: clock, ring: ring, random: random)
        // On PostgreSQL, other nodes' changes are followed from before the state is loaded (see ChangeFollower).
        try await store.follower?.start()
        let keys = KeyManagement(store: store, audit: audit, clock: clock, ring: ring, random: random)
        let tenancy = Tenancy(
            store: store, audit: audit, clock: clock, state: state, baseTrustDomain: settings.trustDomain, keys: keys, random: random)

        var provided: String?
        var wroteTokenFile = false
        if let path = settings.bootstrapTokenFile {
            provided = try SecretFile.read(path)
            if provided == nil {
                var generator = random.generator()
                let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
                try SecretFile.write(token, to: path)
                provided = token
                wroteTokenFile = true
            }
        }
        let newToken = try await tenancy.bootstrap(providedToken: provided)
        try await keys.loadAll()
        var keyPolicy = IssuerKeyCache.Policy()
        keyPolicy.ttl = settings.federationKeysTTL.seconds
        keyPolicy.minRefreshInterval = settings.federationMinRefresh.seconds
        let issuerKeys = IssuerKeyCache(fetcher: HTTPIssuerDocumentFetcher(), clock: clock, policy: keyPolicy)
        let credentials = CredentialServices(
            store: store, audit: audit, clock: clock, ring: keys.ring, state: state, issuerKeys: issuerKeys, random: random)
        try await state.rebuild()
        let tokenFileNote = wroteTokenFile ? settings.bootstrapTokenFile.map { "Platform admin token written to \($0)." } : nil

        let registry = PrometheusCollectorRegistry()
        let publicURL = settings.resolvedPublicURL(boundPort: settings.port)
        let ledger = AuditLedger(store: store, keys: auditKeys, clock: clock, publicURL: publicURL, witnessFile: settings.auditWitnessFile)
        let checkpointer = AuditCheckpointer(ledger: ledger, interval: .seconds(settings.checkpointInterval.seconds), logger: logger)
        var dependencies = ServerDependencies(
            store: store, inventory: Inventory(store: store, audit: audit, clock: clock, random: random),
            templates: Templates(store: store, audit: audit, clock: clock), tenancy: tenancy,
            auditTrail: AuditTrail(store: store), keys: keys, credentials: credentials,
            decisions: Decisions(
                store: store, audit: audit, clock: clock, state: state, tokens: credentials.tokens, random: random,
                breakGlassReviewWindow: TimeInterval(settings.breakGlassReviewWindow.seconds)),
            registry: registry, publicURL: publicURL,
            ledger: ledger
        )
        // Telemetry: the node id on /metrics, server spans when tracing.
        telemetry.publishNodeInfo(to: registry)
        dependencies.tracing = telemetry.requestTracing
        dependencies.directory = Directory(store: store, audit: audit, clock: clock, random: random)
        if let path = settings.githubScanningKeys {
            guard let data = FileManager.default.contents(atPath: path), data.count <= 256 * 1024 else {
                throw LanyardError(.invalidConfiguration, "Cannot read the GitHub secret-scanning keys at \(path), or it is larger than 256 KiB.")
            }
            dependencies.githubScanningKeys = try GitHubScanningKeys(json: Array(data))
        }
        let webhookURLs = WebhookURLPolicy(allowLoopbackHTTP: settings.resolvedWebhookAllowLoopbackHTTP)
        dependencies.webhooks = WebhookAdministration(store: store, audit: audit, clock: clock, random: random, kek: kek, urls: webhookURLs)
        dependencies.console = ConsoleSignIn(
            store: store, audit: audit, clock: clock, random: random, kek: kek, ring: keys.ring, issuerKeys: issuerKeys,
            documents: HTTPIssuerDocumentFetcher(), transport: HTTPIdentityProviderTransport(), tenancy: tenancy)
        dependencies.insecureCookies = settings.dev
        dependencies.mcpServers = MCPServerRegistry(store: store, audit: audit, clock: clock, state: state)
        let upstreams = HTTPMCPUpstreamTransport()
        dependencies.mcpGateway = MCPGateway(
            decisions: dependencies.decisions.decisionPoint, requests: dependencies.decisions.accessRequests, tokens: credentials.mcpUpstreamTokens,
            transport: upstreams,
            store: store, audit: audit, clock: clock, kek: kek)
        dependencies.findings = Findings(store: store, audit: audit, clock: clock)
        dependencies.posture = Posture(store: store, clock: clock)
        dependencies.findingRemedies = FindingRemedies(
            findings: dependencies.findings, inventory: dependencies.inventory, credentials: credentials.records,
            entitlements: dependencies.decisions.entitlements, reviews: dependencies.decisions.reviews)
        let detector = FindingDetector(
            store: store, audit: audit, clock: clock, random: random, logger: logger, interval: .seconds(settings.findingInterval.seconds))
        dependencies.findingDetector = detector
        let sweeper = ExpirySweeper(
            store: store, audit: audit, clock: clock, interval: .seconds(settings.sweepInterval.seconds), logger: logger, random: random)
        let notices = ExpiryNotices(
            store: store, audit: audit, clock: clock, interval: .seconds(settings.sweepInterval.seconds), logger: logger, random: random)
        let dispatcher = WebhookDispatcher(
            store: store, kek: kek, transport: HTTPWebhookTransport(urls: webhookURLs), clock: clock, random: random,
            interval: .seconds(settings.webhookInterval.seconds), logger: logger)
        let (leadership, background) = backgroundServices(
            settings: settings, location: location, store: store, audit: audit, clock: clock, keys: keys, credentials: credentials,
            jobs: [sweeper, notices, checkpointer, dispatcher, detector], logger: logger)
        dependencies.leadership = leadership
        let databaseDescription: String
        switch location {
        case .sqlite(let path): databaseDescription = "SQLite at \(path)"
        case .postgres(let postgres): databaseDescription = "PostgreSQL at \(postgres.host):\(postgres.port)/\(postgres.database)"
        }
        let router = buildLanyardRouter(dependencies)
        extraRoutes?(router, dependencies)
        let app = Application(
            router: router,
            server: lanyardHTTPServer(),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "lanyard"),
            // The exporter first, so that it stops last and flushes the spans of everything else.
            // The upstream connections next: they close once the server no longer forwards calls.
            services: (telemetry.service.map { [$0] } ?? []) + [UpstreamConnections(transport: upstreams)] + background
                + [EntitlementUsageWriter(state: state, logger: logger)]
                + (store.follower.map { [ChangeFollowing(follower: $0, state: state)] } ?? []),
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
