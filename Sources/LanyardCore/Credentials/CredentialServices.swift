public import LanyardCredentials
public import LanyardModel

/// The credential use cases of a node, wired over one store, audit log, clock, random source, key ring and
/// ``TenantState`` — the issuance pipeline's parts and their neighbours, each a use case of its own:
///
/// ```
/// TokenEndpoint ─┬─ ClientCredentialsGrant ┐
///                ├─ TokenExchangeGrant ────┼─→ CredentialTemplate ─→ Issuer: sign → validate → persist (DurableAppend)
///                └─ FederationGrant ───────┤                         (and the one refusal auditor)
/// SVIDEndpoint ──┬─ JWTSVIDGrant ──────────┤
///                └─ X509SVIDGrant ─────────┘
/// ```
///
/// ``TokenVerifier`` verifies access tokens (introspection, decisions, exchange, Lanyard's own endpoints);
/// ``ClientAuthenticator`` authenticates `private_key_jwt` clients; ``TaskService`` runs tasks; ``CredentialRecords``
/// lists and revokes; ``TrustBundle`` publishes the SPIFFE bundle. Nothing here holds logic of its own.
public struct CredentialServices: Sendable {
    /// Verifies access tokens.
    public let tokens: TokenVerifier
    /// Authenticates `private_key_jwt` clients.
    public let clients: ClientAuthenticator
    /// The OAuth token endpoint: client credentials, token exchange, federation.
    public let tokenEndpoint: TokenEndpoint
    /// The JWT-SVID and X.509-SVID endpoints.
    public let svids: SVIDEndpoint
    /// The SPIFFE trust bundle.
    public let trustBundle: TrustBundle
    /// Tasks.
    public let tasks: TaskService
    /// The credential records: list and revocation.
    public let records: CredentialRecords
    /// Leak intake: reported tokens revoked with everything derived from them.
    public let leaks: LeakIntake
    /// The node's in-memory state these services read through.
    public let state: TenantState
    /// The tokens the MCP gateway presents to upstream servers.
    public let mcpUpstreamTokens: MCPUpstreamTokens

    /// - Parameters:
    ///   - state: the node's in-memory state (revocations, identities, templates, verified tokens, X.509 authorities).
    ///   - issuerKeys: external issuers' keys for OIDC federation; `nil` refuses every external token.
    ///   - random: where credential, task and CA identifiers, keys and serial numbers come from.
    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, ring: KeyRing, state: TenantState,
        issuerKeys: IssuerKeyCache? = nil, random: any RandomSource = SystemRandom()
    ) {
        self.state = state
        let tokens = TokenVerifier(ring: ring, clock: clock, state: state, dpop: DPoPProofs(clock: clock, store: store, keys: state.keyCollections))
        let clients = ClientAuthenticator(state: state, clock: clock)
        let tasks = TaskService(store: store, audit: audit, clock: clock, state: state, random: random)
        let authorities = state.authorities
        let issuer = Issuer(
            signer: CredentialSigner(ring: ring, authorities: authorities, random: random, store: store, audit: audit), clock: clock)
        self.tokens = tokens
        self.clients = clients
        self.tasks = tasks
        self.tokenEndpoint = TokenEndpoint(issuer: issuer, clients: clients, tokens: tokens, tasks: tasks, issuerKeys: issuerKeys)
        self.svids = SVIDEndpoint(issuer: issuer, clients: clients, tokens: tokens)
        self.trustBundle = TrustBundle(ring: ring, authorities: authorities, store: store, audit: audit, clock: clock)
        self.records = CredentialRecords(store: store, audit: audit, clock: clock, ring: ring, random: random)
        self.leaks = LeakIntake(store: store, audit: audit, clock: clock, random: random, ring: ring)
        self.mcpUpstreamTokens = MCPUpstreamTokens(issuer: issuer, state: state, clock: clock)
    }
}
