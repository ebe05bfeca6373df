import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardServer
import LanyardTesting
import Prometheus
import Testing

/// The whole router in process (no sockets) over a SQLite store, with a manual clock and seeded randomness, so
/// every surface can be driven in a test and what it issues is the same on every run.
struct RouteHarness {
    static let publicURL = "https://lanyard.example"
    static let issuer = publicURL + "/t/default"

    let env: TestEnvironment
    var dependencies: ServerDependencies
    let app: Application<RouterResponder<LanyardRequestContext>>
    let random: SeededRandom

    /// - Parameter leadership: the node's leadership, shown by `/readyz` and `lanyard_leader`; none by default.
    static func make(seed: UInt64 = 20_261_202, leadership: Leadership? = nil) async throws -> RouteHarness {
        let random = SeededRandom(seed: seed)
        let env = try await TestEnvironment.make(random: random)
        var dependencies = ServerDependencies(
            store: env.store, inventory: env.inventory, templates: env.templates, tenancy: env.tenancy, auditTrail: env.auditTrail,
            keys: env.keys, credentials: env.credentials, decisions: env.decisions, registry: PrometheusCollectorRegistry(),
            publicURL: publicURL, ledger: env.ledger)
        dependencies.leadership = leadership
        dependencies.webhooks = WebhookAdministration(
            store: env.store, audit: env.audit, clock: env.clock, random: random, kek: env.kek, urls: WebhookURLPolicy(allowLoopbackHTTP: true))
        dependencies.mcpServers = MCPServerRegistry(store: env.store, audit: env.audit, clock: env.clock, state: env.state)
        dependencies.mcpGateway = MCPGateway(
            decisions: env.decisions.decisionPoint, requests: env.decisions.accessRequests, tokens: env.credentials.mcpUpstreamTokens,
            transport: UnreachableUpstream(), store: env.store,
            audit: env.audit, clock: env.clock, kek: env.kek)
        return RouteHarness(env: env, dependencies: dependencies, app: Application(router: buildLanyardRouter(dependencies)), random: random)
    }

    /// Runs `body` with a client of the router.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await app.test(.router, body)
    }

    var now: Int64 { Int64(env.clock.now().timeIntervalSince1970) }

    // MARK: Workloads

    /// A registered identity and the key it authenticates with (`private_key_jwt`).
    struct Workload: Sendable {
        var id: String
        var key: SigningKeyMaterial
    }

    /// Registers an agent with an Ed25519 key drawn from the seeded source.
    func workload(_ name: String) async throws -> Workload {
        let key = SigningKeyMaterial.generate(.eddsa, using: random)
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: "alice", purpose: "route tests", publicKeys: [key.publicJWK]),
            tenant: "default", by: env.platformAdmin)
        return Workload(id: identity.id, key: key)
    }

    /// A one-minute client assertion of `workload` for `endpoint` (Ed25519: the same bytes on every run).
    func assertion(_ workload: Workload, for endpoint: String, jti: String) async throws -> String {
        try await Self.assertion(workload, for: endpoint, jti: jti, now: now)
    }

    static func assertion(_ workload: Workload, for endpoint: String, jti: String, now: Int64) async throws -> String {
        try await workload.key.sign(
            ClientAssertionClaims(iss: workload.id, sub: workload.id, aud: [endpoint], exp: now + 60, iat: now, jti: jti))
    }

    /// The form of a `client_credentials` request by `workload`.
    func clientCredentials(_ workload: Workload, jti: String, scope: String = "read", extra: [(String, String)] = []) async throws -> String {
        try await Self.clientCredentials(workload, jti: jti, now: now, scope: scope, extra: extra)
    }

    static func clientCredentials(
        _ workload: Workload, jti: String, now: Int64, scope: String = "read", extra: [(String, String)] = []
    ) async throws -> String {
        let assertion = try await assertion(workload, for: Self.issuer + "/oauth2/token", jti: jti, now: now)
        return Self.form(
            [
                ("grant_type", "client_credentials"), ("client_id", workload.id), ("client_assertion_type", TokenRequest.jwtBearer),
                ("client_assertion", assertion), ("scope", scope),
            ] + extra)
    }

    // MARK: Wire helpers

    static func form(_ pairs: [(String, String)]) -> String {
        PercentEncoding.query(pairs)
    }

    static func headers(bearer: String? = nil, contentType: String? = "application/json", extra: [(HTTPField.Name, String)] = []) -> HTTPFields {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        if let bearer { fields[.authorization] = "Bearer \(bearer)" }
        for (name, value) in extra { fields.append(HTTPField(name: name, value: value)) }
        return fields
    }

    static let formHeaders = headers(contentType: "application/x-www-form-urlencoded")

    static func object(_ buffer: ByteBuffer) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            throw LanyardError(.invalidRequest, "The answer is not a JSON object.")
        }
        return object.dictionary
    }

    static func text(_ buffer: ByteBuffer) -> String { String(decoding: buffer.readableBytesView, as: UTF8.self) }
}

/// Golden files: what Lanyard issues with a fixed clock and fixed randomness, compared byte for byte.
///
/// Set `LANYARD_UPDATE_GOLDEN=1` to rewrite them after a deliberate change, and review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LANYARD_UPDATE_GOLDEN"] == "1" {
            try Data(bytes).write(to: url)
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name)", sourceLocation: sourceLocation)
        #expect(Array(expected) == bytes, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try check(Array(text.utf8), name, sourceLocation: sourceLocation)
    }
}

/// An upstream that is never reachable: the route tests see the gateway fail closed (the end-to-end tests use a real
/// upstream written with the MCP SDK).
struct UnreachableUpstream: MCPUpstreamTransport {
    struct Down: Error {}
    func send(_ request: MCPUpstreamRequest) async throws -> MCPUpstreamResponse { throw Down() }
}
