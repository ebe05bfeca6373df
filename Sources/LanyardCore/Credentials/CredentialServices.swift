public import LanyardCredentials
public import LanyardModel

/// The credential use cases of a node, wired over one store, audit log, clock, random source, key ring and revocation
/// list — the issuance pipeline's parts and their neighbours, each a use case of its own:
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
    /// The tenants' X.509-SVID certificate authorities (renewed by ``CredentialRenewal``, re-read by ``CredentialRefresh``).
    public let authorities: X509Authorities

    /// - Parameters:
    ///   - revocations: the node's revocation list, shared with the inventory (suspension) and the sweeper.
    ///   - issuerKeys: external issuers' keys for OIDC federation; `nil` refuses every external token.
    ///   - random: where credential, task and CA identifiers, keys and serial numbers come from.
    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, ring: KeyRing, revocations: RevocationList,
        issuerKeys: IssuerKeyCache? = nil, random: any RandomSource = SystemRandom()
    ) {
        let tokens = TokenVerifier(ring: ring, clock: clock, revocations: revocations, dpop: DPoPProofs(clock: clock))
        let clients = ClientAuthenticator(store: store, clock: clock)
        let tasks = TaskService(store: store, audit: audit, clock: clock, revocations: revocations, random: random)
        let authorities = X509Authorities(random: random)
        let issuer = Issuer(
            signer: CredentialSigner(ring: ring, authorities: authorities, random: random, store: store, audit: audit), clock: clock)
        self.authorities = authorities
        self.tokens = tokens
        self.clients = clients
        self.tasks = tasks
        self.tokenEndpoint = TokenEndpoint(issuer: issuer, clients: clients, tokens: tokens, tasks: tasks, issuerKeys: issuerKeys)
        self.svids = SVIDEndpoint(issuer: issuer, clients: clients, tokens: tokens)
        self.trustBundle = TrustBundle(ring: ring, authorities: authorities, store: store, audit: audit, clock: clock)
        self.records = CredentialRecords(store: store, audit: audit, clock: clock, ring: ring, revocations: revocations)
    }

    /// Rebuilds the revocation list from storage at start: revoked credentials, then ended tasks.
    public func rebuildRevocations() async throws {
        try await records.rebuildRevocations()
        try await tasks.rebuildRevocations()
    }
}
