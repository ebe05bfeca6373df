public import LanyardCore
import LanyardModel
public import Prometheus

/// Everything the HTTP layer needs, built by the composition root.
public struct ServerDependencies: Sendable {
    public var store: any LanyardStore
    public var inventory: Inventory
    public var templates: Templates
    /// The tenants' findings and their workflow.
    public var findings: Findings
    /// Findings' remediations; `nil` answers `not_found`.
    public var findingRemedies: FindingRemedies?
    /// The detection pass `POST …/findings/evaluate` runs; `nil` answers `not_found`.
    public var findingDetector: FindingDetector?
    /// The posture report.
    public var posture: Posture
    public var tenancy: Tenancy
    public var auditTrail: AuditTrail
    public var keys: KeyManagement
    public var credentials: CredentialServices
    public var decisions: Decisions
    public var registry: PrometheusCollectorRegistry
    /// The tamper-evident side of the audit trail (checkpoints, proofs, retention); nil where not wired.
    public var ledger: AuditLedger?
    /// Externally visible base URL, such as `https://lanyard.example.com`; tenants' issuers live under it.
    public var publicURL: String
    /// Decides every admin operation with the admin policies (the built-in roles and the tenant's own).
    public var authorizer: AdminAuthorizer
    /// Which tenants exist (for the one "no such tenant" answer of the admin edge).
    public var tenants: TenantDirectory
    /// Whether this node leads (runs the leader jobs); shown by `/readyz` and `lanyard_leader`. Nil where not wired.
    public var leadership: Leadership?
    /// The tenants' SCIM directories; `nil` (the default) serves no SCIM endpoints.
    public var directory: Directory?
    /// Server spans and their attributes; `nil` (the default) when no tracer is configured: no tracing middleware.
    public var tracing: RequestTracing?
    /// Webhook endpoints and their delivery log; nil where not wired (the webhook routes then answer `not_found`).
    public var webhooks: WebhookAdministration?
    /// The console's sign-in and sessions; nil serves no console.
    public var console: ConsoleSignIn?
    /// Whether cookies may go over plain HTTP (`--dev`): the console's session cookie is `Secure` otherwise.
    public var insecureCookies = false
    /// GitHub's secret-scanning public keys; nil (the default) refuses every GitHub report.
    public var githubScanningKeys: GitHubScanningKeys?
    /// The MCP gateway's registry of upstream servers; nil where not wired (its admin routes, the servers' metadata and
    /// the gateway endpoint then answer `not_found`).
    public var mcpServers: MCPServerRegistry?
    /// The MCP gateway's calls; nil refuses every call to a registered server (`not_found`).
    public var mcpGateway: MCPGateway?

    public init(
        store: any LanyardStore, inventory: Inventory, templates: Templates, tenancy: Tenancy, auditTrail: AuditTrail,
        keys: KeyManagement, credentials: CredentialServices, decisions: Decisions, registry: PrometheusCollectorRegistry, publicURL: String,
        ledger: AuditLedger? = nil, authorizer: AdminAuthorizer? = nil
    ) {
        self.authorizer = authorizer ?? tenancy.adminAuthorizer()
        self.findings = Findings(store: store)
        self.posture = Posture(store: store)
        self.tenants = TenantDirectory(store: store)
        self.ledger = ledger
        self.keys = keys
        self.credentials = credentials
        self.decisions = decisions
        self.store = store
        self.inventory = inventory
        self.templates = templates
        self.tenancy = tenancy
        self.auditTrail = auditTrail
        self.registry = registry
        self.publicURL = publicURL
    }

    /// The issuer URL of `tenant`.
    func issuer(of tenant: String) -> String {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return "\(base)/t/\(tenant)"
    }

    /// The public URL of the endpoint at `path` (as received, without query): what a DPoP proof's `htu` names.
    package func publicURL(ofPath path: String) -> String {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return base + path
    }

    /// The OAuth endpoint URLs of `tenant`.
    package func urls(of tenant: String) -> IssuerURLs { IssuerURLs(issuer: issuer(of: tenant)) }

    /// The console of `tenant` (`{publicURL}/t/{tenant}/console`).
    func consoleURL(of tenant: String) -> String { issuer(of: tenant) + "/console" }
}

extension ServerDependencies {
    /// Leak intake: the one revocation path behind every leak door.
    var leaks: LeakIntake { credentials.leaks }

    /// The MCP gateway as a resource server: whether a request carries a token for the server it is sent to.
    package var mcpGuard: MCPResourceGuard { MCPResourceGuard(tokens: credentials.tokens) }

    /// The MCP server registry, or `not_found` on a server that runs no gateway.
    func requireMCPServers() throws -> MCPServerRegistry {
        guard let mcpServers else { throw LanyardError(.notFound, "This server runs no MCP gateway.") }
        return mcpServers
    }

    /// The directory, or `not_found` on a server that serves none (its admin routes answer as if absent).
    func requireDirectory() throws -> Directory {
        guard let directory else { throw LanyardError(.notFound, "This server serves no SCIM directory.") }
        return directory
    }
}
