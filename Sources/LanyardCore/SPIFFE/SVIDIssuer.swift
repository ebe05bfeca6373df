public import Foundation
import LanyardAudit
public import LanyardCredentials
public import LanyardAPI
public import LanyardModel
import X509

/// Issues SPIFFE verifiable identity documents (JWT-SVIDs and X.509-SVIDs) to identities, and publishes the
/// tenant's SPIFFE trust bundle.
///
/// A workload authenticates with its access token (active per introspection) or with `private_key_jwt`; the
/// identity must be active and unexpired. The SVID's lifetime is short and capped by the identity's remaining
/// life. Every issuance is a credential record and a `credential.issue` audit event written in one group
/// commit before answering; every refusal is audited as `svid.refuse`.
public struct SVIDIssuer: Sendable {
    let credentials: CredentialIssuer
    let authorities: X509Authorities

    /// Lifetime of a JWT-SVID (seconds), before the identity's expiry caps it.
    public static let jwtSVIDLifetime: Int64 = 300
    /// Lifetime of an X.509-SVID (seconds), before the identity's expiry caps it.
    public static let x509SVIDLifetime: Int64 = 3600
    /// Most audiences in one JWT-SVID request.
    static let maxAudiences = 8
    /// Longest audience accepted (bytes).
    static let maxAudienceLength = 256
    /// `spiffe_refresh_hint` of the bundle (seconds).
    public static let bundleRefreshHint = 300

    public init(credentials: CredentialIssuer, authorities: X509Authorities? = nil) {
        self.credentials = credentials
        self.authorities = authorities ?? X509Authorities(random: credentials.random)
    }

    // MARK: JWT-SVID

    /// Handles `POST {issuer}/spiffe/jwt-svid`.
    ///
    /// - Throws: ``OAuthError`` (audited) for a refusal; `not_found` for an unknown tenant.
    public func issueJWTSVID(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> JWTSVIDResponse {
        try await audited(request, tenant: tenant) { try await issueJWTSVIDChecked(request, tenant: tenant, urls: urls) }
    }

    private func issueJWTSVIDChecked(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> JWTSVIDResponse {
        let audiences = try Self.audiences(request.audiences)
        let caller = try await authenticate(request, tenant: tenant, urls: urls, endpoint: urls.jwtSVIDEndpoint)
        let identity = caller.identity
        let now = credentials.clock.now()
        let lifetime = try Self.lifetime(Self.jwtSVIDLifetime, identity: identity, now: now)
        var generator = credentials.random.generator()
        let issuedAt = Int64(now.timeIntervalSince1970)
        let claims = JWTSVIDClaims(
            sub: identity.spiffeId, aud: audiences, exp: issuedAt + lifetime, iat: issuedAt,
            jti: IdentifierFormat.make(prefix: "cred", using: &generator))
        let token = try await credentials.ring.sign(claims, tenant: tenant)
        let record = CredentialRecord(
            jti: claims.jti, tenant: tenant, identityId: identity.id, owner: identity.owner, scopes: [],
            audience: audiences.joined(separator: " "), issuedAt: now, expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp))
        )
        try await persist(
            record, kind: "jwt-svid", identity: identity, assertion: caller.assertion, tenant: tenant, now: now,
            details: ["aud": record.audience, "exp": String(claims.exp)])
        return JWTSVIDResponse(svid: token, spiffeID: identity.spiffeId, audience: audiences, expiresAt: claims.exp)
    }

    // MARK: X.509-SVID

    /// Handles `POST {issuer}/spiffe/x509-svid`: signs the CSR's public key (after checking the CSR's signature)
    /// into a leaf X.509-SVID chained to the tenant's intermediate CA.
    ///
    /// - Throws: ``OAuthError`` (audited) for a refusal, `invalid_request` for a bad CSR; `not_found` for an
    ///   unknown tenant.
    public func issueX509SVID(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> X509SVIDResponse {
        try await audited(request, tenant: tenant) { try await issueX509SVIDChecked(request, tenant: tenant, urls: urls) }
    }

    private func issueX509SVIDChecked(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> X509SVIDResponse {
        guard let csr = request.csr else { throw OAuthError(.invalidRequest, "csr is required: a PKCS#10 request, PEM or base64 DER.") }
        let publicKey: Certificate.PublicKey
        do {
            publicKey = try CertificateSigningRequestReader.publicKey(of: csr)
        } catch let error as LanyardError {
            throw OAuthError(.invalidRequest, error.message)
        }
        let caller = try await authenticate(request, tenant: tenant, urls: urls, endpoint: urls.x509SVIDEndpoint)
        let identity = caller.identity
        let now = credentials.clock.now()
        let lifetime = try Self.lifetime(Self.x509SVIDLifetime, identity: identity, now: now)
        let hierarchy = try await authorities.hierarchy(
            tenant: tenant, store: credentials.store, audit: credentials.audit, ring: credentials.ring, now: now)
        let leaf = try hierarchy.intermediate.issueLeaf(
            publicKey: publicKey, spiffeID: identity.spiffeId, commonName: identity.id, now: now, lifetime: TimeInterval(lifetime),
            random: credentials.random)
        var generator = credentials.random.generator()
        let serial = leaf.serialNumber.description
        let record = CredentialRecord(
            jti: IdentifierFormat.make(prefix: "cred", using: &generator), tenant: tenant, identityId: identity.id, owner: identity.owner,
            scopes: [], audience: "", issuedAt: now, expiresAt: leaf.notValidAfter)
        try await persist(
            record, kind: "x509-svid", identity: identity, assertion: caller.assertion, tenant: tenant, now: now,
            details: ["serial": serial, "exp": String(Int64(leaf.notValidAfter.timeIntervalSince1970))])
        return X509SVIDResponse(
            spiffeID: identity.spiffeId,
            svidChainPEM: SPIFFECertificateAuthority.pem(leaf) + hierarchy.intermediate.certificatePEM,
            bundlePEM: SPIFFECertificateAuthority.pem(hierarchy.root), serial: serial,
            expiresAt: Int64(leaf.notValidAfter.timeIntervalSince1970))
    }

    // MARK: Bundle

    /// The tenant's SPIFFE bundle (SPIFFE Trust Domain and Bundle §4): a JWKS with the X.509 authority (the root
    /// CA, `use: x509-svid`, `x5c`) and the JWT-SVID authorities (`use: jwt-svid`, with `kid`), plus
    /// `spiffe_sequence` and `spiffe_refresh_hint`.
    ///
    /// - Throws: `not_found` for an unknown tenant.
    public func bundle(tenant: String) async throws -> JSONValue {
        guard var authorities = credentials.ring.svidAuthorities(tenant: tenant) else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
        let hierarchy = try await self.authorities.hierarchy(
            tenant: tenant, store: credentials.store, audit: credentials.audit, ring: credentials.ring, now: credentials.clock.now())
        if let root = BundleAuthority.jwk(of: hierarchy.root) { authorities.insert(root, at: 0) }
        return .object([
            "keys": .array(authorities),
            "spiffe_sequence": .number(JSONNumber(Double(Self.sequence(of: authorities)))),
            "spiffe_refresh_hint": .number(JSONNumber(Double(Self.bundleRefreshHint))),
        ])
    }

    /// A sequence number that changes whenever the set of authorities changes: derived from their key ids, so
    /// every replica computes the same number without shared state (SPIFFE asks only that it change with the
    /// content; a relying party compares it for inequality).
    static func sequence(of authorities: [JSONValue]) -> Int64 {
        var kids: [String] = []
        for case .object(let members) in authorities {
            if case .string(let kid) = members["kid"] { kids.append(kid) }
            if case .array(let chain) = members["x5c"], case .string(let first) = chain.first { kids.append(first) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in kids.sorted().joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int64(hash % 2_000_000_000)
    }

    // MARK: Rules

    /// The requested audiences: at least one, at most ``maxAudiences``, each 1–256 bytes, no duplicates kept.
    static func audiences(_ requested: [String]?) throws -> [String] {
        guard let requested, !requested.isEmpty else {
            throw OAuthError(.invalidRequest, "audience is required: a JWT-SVID is always for one or more named audiences.")
        }
        guard requested.count <= maxAudiences else { throw OAuthError(.invalidRequest, "At most \(maxAudiences) audiences per JWT-SVID.") }
        var unique: [String] = []
        for audience in requested where !unique.contains(audience) {
            guard !audience.isEmpty, audience.utf8.count <= maxAudienceLength, !audience.contains(where: \.isWhitespace) else {
                throw OAuthError(.invalidRequest, "Each audience must be 1–\(maxAudienceLength) characters without spaces.")
            }
            unique.append(audience)
        }
        return unique
    }

    /// `wanted` seconds, capped by the identity's remaining life.
    static func lifetime(_ wanted: Int64, identity: Identity, now: Date) throws -> Int64 {
        let remaining = identity.expiresAt.timeIntervalSince(now).rounded(.down)
        let lifetime = remaining < Double(wanted) ? Int64(max(remaining, 0)) : wanted
        guard lifetime >= 1 else { throw OAuthError(.unauthorizedClient, "The identity expires now and gets no SVID.") }
        return lifetime
    }

    // MARK: Authentication

    /// The authenticated caller: its identity, and the client assertion when it used `private_key_jwt` (whose
    /// `jti` is then recorded durably against replay).
    struct Caller {
        var identity: Identity
        var assertion: ClientAssertionClaims?
    }

    /// - Parameter endpoint: the public URL of the endpoint called, which a DPoP proof must name.
    func authenticate(_ request: SVIDRequest, tenant: String, urls: IssuerURLs, endpoint: String) async throws -> Caller {
        let caller: Caller
        if request.usesClientAssertion {
            let client = try await credentials.clients.authenticate(request.client, tenant: tenant, urls: urls, endpoint: endpoint)
            caller = Caller(identity: client.identity, assertion: client.assertion)
        } else if let presented = request.token {
            let introspection = try await credentials.tokens.authenticateAccessToken(presented, method: "POST", url: endpoint, tenant: tenant, urls: urls)
            guard let introspection, introspection.active, let subject = introspection.sub else {
                throw OAuthError(.invalidClient, "The bearer token is not an active access token of this tenant.")
            }
            let found = try await credentials.store.identity(tenant: tenant, id: subject)
            guard let identity = found else { throw OAuthError(.invalidClient, "The bearer token's identity no longer exists.") }
            caller = Caller(identity: identity, assertion: nil)
        } else {
            throw OAuthError(.invalidClient, "Authenticate with an access token (Authorization: Bearer) or with private_key_jwt (client_assertion).")
        }
        let now = credentials.clock.now()
        guard caller.identity.status == .active, caller.identity.expiresAt > now else {
            let state = caller.identity.expiresAt <= now ? "expired" : caller.identity.status.rawValue
            throw OAuthError(.unauthorizedClient, "Identity \(caller.identity.id) is \(state) and gets no SVID.")
        }
        return caller
    }

    // MARK: Records

    /// Writes the credential record, the assertion's jti (against replay) and the `credential.issue` audit event in
    /// one group commit.
    func persist(
        _ record: CredentialRecord, kind: String, identity: Identity, assertion: ClientAssertionClaims?, tenant: String, now: Date,
        details: [String: String]
    ) async throws {
        var details = details
        details["identity"] = identity.id
        details["kind"] = kind
        details["spiffe_id"] = identity.spiffeId
        let event = AuditEvent(
            tenant: tenant, at: now, actor: "identity:\(identity.id)", action: .credentialIssue, target: "credential:\(record.jti)",
            details: details)
        try await Issuer.persist(record, assertion: assertion, event: event, store: credentials.store, audit: credentials.audit)
    }

    /// Runs `body` for a known tenant, auditing an ``OAuthError`` refusal (`svid.refuse`) before rethrowing it.
    private func audited<T: Sendable>(_ request: SVIDRequest, tenant: String, _ body: () async throws -> T) async throws -> T {
        try credentials.issuer.requireTenant(tenant)
        return try await credentials.issuer.recordingRefusals(
            tenant: tenant, action: .svidRefuse, client: request.client.clientID ?? ClientAuthenticator.peekSubject(request.client.clientAssertion), body)
    }

    /// The PEM of the tenant's X.509 trust anchors: its root CA.
    ///
    /// - Throws: `not_found` for an unknown tenant.
    public func bundlePEM(tenant: String) async throws -> String {
        try requireTenant(tenant)
        let hierarchy = try await authorities.hierarchy(
            tenant: tenant, store: credentials.store, audit: credentials.audit, ring: credentials.ring, now: credentials.clock.now())
        return SPIFFECertificateAuthority.pem(hierarchy.root)
    }

    private func requireTenant(_ tenant: String) throws {
        guard credentials.ring.svidAuthorities(tenant: tenant) != nil else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
    }
}
