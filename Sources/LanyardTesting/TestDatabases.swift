public import Foundation
public import LanyardCore
public import LanyardCredentials
public import LanyardModel
public import LanyardStorage
import Logging
import PostgresNIO

/// Fresh, isolated databases for tests: an SQLite file in a new temporary directory, or a new database on the
/// throwaway PostgreSQL cluster that `scripts/test` starts (`LANYARD_TEST_POSTGRES_URL`).
public enum TestDatabases {
    /// The engines a store test runs on.
    public enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres
        public var description: String { rawValue }
    }

    /// URL of the test PostgreSQL server (an administrative database on it).
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["LANYARD_TEST_POSTGRES_URL"] }

    /// Whether PostgreSQL tests must run: `scripts/test` sets `LANYARD_REQUIRE_POSTGRES=1`, so a missing server
    /// there is a failure, never a silent skip. Elsewhere PostgreSQL tests run only when a URL is given.
    public static var postgresEnabled: Bool {
        postgresURL != nil || ProcessInfo.processInfo.environment["LANYARD_REQUIRE_POSTGRES"] == "1"
    }

    /// The engines store tests run on: SQLite always, PostgreSQL when enabled.
    public static var engines: [Engine] { postgresEnabled ? [.sqlite, .postgres] : [.sqlite] }

    static let logger: Logger = {
        var logger = Logger(label: "lanyard-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Opens a new, empty, migrated store on `engine`. Call `close()` when done.
    public static func makeStore(_ engine: Engine) async throws -> SQLStore {
        try await SQLStore.open(try await makeLocation(engine), logger: logger)
    }

    /// A location for a new, empty database on `engine`.
    public static func makeLocation(_ engine: Engine) async throws -> DatabaseLocation {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lanyard-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return .sqlite(path: directory.appendingPathComponent("lanyard.db").path)
        case .postgres:
            guard let url = postgresURL else {
                throw LanyardError(.invalidConfiguration, "LANYARD_TEST_POSTGRES_URL is not set; run the tests with scripts/test, which starts PostgreSQL.")
            }
            guard case .postgres(let admin) = try DatabaseLocation.parse(databaseURL: url) else {
                throw LanyardError(.invalidConfiguration, "LANYARD_TEST_POSTGRES_URL is not a postgres:// URL.")
            }
            let name = "lanyard_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await createDatabase(name, on: admin)
            var location = admin
            location.database = name
            return .postgres(location)
        }
    }

    static func createDatabase(_ name: String, on admin: PostgresLocation) async throws {
        let configuration = PostgresClient.Configuration(
            host: admin.host, port: admin.port, username: admin.user, password: admin.password, database: admin.database, tls: .disable
        )
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
    }
}

/// A store with the `default` tenant and a platform token, and the use cases over it, for use-case tests.
public struct TestEnvironment: Sendable {
    public let store: SQLStore
    public let clock: ManualClock
    public let audit: StoreAuditLog
    public let inventory: Inventory
    public let templates: Templates
    public let tenancy: Tenancy
    public let auditTrail: AuditTrail
    public let keys: KeyManagement
    public let credentials: CredentialServices
    /// The node's in-memory state, fed by ``store``'s change stream.
    public let state: TenantState
    public let decisions: Decisions
    /// The tenants' audit keys (HMAC and log keys) behind ``audit``.
    public let auditKeys: AuditKeys
    /// The key-encryption key the keys are sealed with (for a second simulated node on ``store``).
    public let kek: KeyEncryptionKey
    /// Checkpoints and proofs of the audit log, with issuers under `https://lanyard.test`.
    public let ledger: AuditLedger
    /// The platform administrator made at bootstrap.
    public let platformAdmin: Principal
    /// Its bearer token.
    public let platformToken: String

    /// - Parameters:
    ///   - issuerFetcher: when given, OIDC federation is wired with an ``IssuerKeyCache`` over it (and ``clock``).
    ///   - random: where identifiers, secrets and keys come from; a ``SeededRandom`` makes everything issued repeatable.
    public static func make(
        _ engine: TestDatabases.Engine = .sqlite, issuerFetcher: (any IssuerDocumentFetcher)? = nil,
        random: any RandomSource = SystemRandom()
    ) async throws -> TestEnvironment {
        let store = try await TestDatabases.makeStore(engine)
        let clock = ManualClock()
        let kek = KeyEncryptionKey.generate().0
        let auditKeys = AuditKeys(kek: kek)
        let audit = StoreAuditLog(keys: auditKeys)
        let ring = KeyRing(kek: kek)
        let state = TenantState(store: store, clock: clock, ring: ring, random: random)
        let keys = KeyManagement(store: store, audit: audit, clock: clock, ring: ring, random: random)
        let tenancy = Tenancy(store: store, audit: audit, clock: clock, state: state, baseTrustDomain: "example.test", keys: keys, random: random)
        guard let token = try await tenancy.bootstrap(providedToken: nil) else {
            throw LanyardError(.internal, "bootstrap made no token on an empty store")
        }
        let principal = try await tenancy.authenticate(bearer: token)
        try await keys.loadAll()
        try await state.rebuild()
        let issuerKeys = issuerFetcher.map { IssuerKeyCache(fetcher: $0, clock: clock) }
        let credentials = CredentialServices(
            store: store, audit: audit, clock: clock, ring: keys.ring, state: state, issuerKeys: issuerKeys, random: random)
        return TestEnvironment(
            store: store, clock: clock, audit: audit, inventory: Inventory(store: store, audit: audit, clock: clock, random: random),
            templates: Templates(store: store, audit: audit, clock: clock), tenancy: tenancy,
            auditTrail: AuditTrail(store: store), keys: keys, credentials: credentials, state: state,
            decisions: Decisions(store: store, audit: audit, clock: clock, state: state, tokens: credentials.tokens, random: random),
            auditKeys: auditKeys, kek: kek,
            ledger: AuditLedger(store: store, keys: auditKeys, clock: clock, publicURL: "https://lanyard.test"),
            platformAdmin: principal, platformToken: token
        )
    }

    /// Every audit event of `tenant`.
    public func events(_ tenant: String = "default") async throws -> [AuditEvent] {
        try await store.read { try await $0.auditEvents(tenant: tenant, after: 0, limit: 10_000) }
    }
}
