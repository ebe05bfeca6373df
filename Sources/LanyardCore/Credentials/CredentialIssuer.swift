public import Foundation
import LanyardAudit
public import LanyardCredentials
public import LanyardAPI
public import LanyardModel
import Synchronization

/// Issues short-lived access tokens to identities that prove themselves with `private_key_jwt`, and answers
/// introspection and revocation.
///
/// Issuance follows SPIRE's shape: authenticate the client, build the claims from the identity and its template
/// (scopes within the template, TTL capped by the template and the identity's remaining life), sign, then record
/// the credential and its audit event durably (group commit) before answering. Every refusal is audited too.
public struct CredentialIssuer: Sendable {
    let store: any LanyardStore
    package let audit: any AuditLog
    let clock: any WallClock
    /// Where token and task identifiers come from.
    let random: any RandomSource
    let ring: KeyRing
    /// Verifies access tokens: introspection, exchange subject tokens, tokens presented to Lanyard's endpoints.
    public let tokens: TokenVerifier
    /// The revocations ``tokens`` consults.
    public var revocations: RevocationList { tokens.revocations }
    /// Tasks, which tokens may be bound to.
    public let tasks: TaskService
    let replay: ReplayCache
    let verifier = ClientAssertionVerifier()
    /// DPoP proofs (RFC 9449) at the token endpoint, sharing the replay cache of ``tokens``.
    var dpop: DPoPProofs { tokens.dpop }
    /// Templates never change once created (names are never reused), so they are cached after the first read.
    let templates = TemplateCache()
    /// External issuers' keys for OIDC federation; nil when federation is not wired (every external token refused).
    let issuerKeys: IssuerKeyCache?

    /// Largest number of scopes in one request.
    static let maxScopes = 32
    /// The scope that lets an identity call the introspection endpoint.
    public static let introspectScope = "lanyard:introspect"

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, ring: KeyRing, revocations: RevocationList, replay: ReplayCache = ReplayCache(),
        dpopReplay: DPoPReplayCache = DPoPReplayCache(),
        issuerKeys: IssuerKeyCache? = nil, random: any RandomSource = SystemRandom()
    ) {
        self.random = random
        self.issuerKeys = issuerKeys
        self.store = store
        self.audit = audit
        self.clock = clock
        self.ring = ring
        self.tokens = TokenVerifier(ring: ring, clock: clock, revocations: revocations, dpop: DPoPProofs(clock: clock, replay: dpopReplay))
        self.tasks = TaskService(store: store, audit: audit, clock: clock, revocations: revocations, random: random)
        self.replay = replay
    }

    // MARK: Token endpoint

    /// Handles `grant_type=client_credentials` with `private_key_jwt`.
    ///
    /// - Throws: ``OAuthError`` (audited) for any refusal; `not_found` for an unknown tenant.
    public func issue(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> TokenResponse {
        try await requireTenant(tenant)
        do {
            return try await issueChecked(request, tenant: tenant, urls: urls)
        } catch let error as OAuthError {
            try await recordRefusal(error, tenant: tenant, client: request.clientID ?? Self.peekSubject(request.clientAssertion ?? request.subjectToken))
            throw error
        }
    }

    private func issueChecked(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> TokenResponse {
        guard let grantType = request.grantType else { throw OAuthError(.invalidRequest, "grant_type is required.") }
        if grantType == TokenRequest.tokenExchange { return try await exchange(request, tenant: tenant, urls: urls) }
        guard grantType == "client_credentials" else {
            throw OAuthError(
                .unsupportedGrantType, "grant_type '\(grantType.prefix(80))' is not supported here; use client_credentials or token exchange.")
        }
        let (identity, template, assertion) = try await authenticateClient(request, tenant: tenant, urls: urls, endpoint: urls.tokenEndpoint)
        let proof = try await dpop.tokenEndpointProof(request, urls: urls)
        let now = clock.now()
        guard identity.status == .active, identity.expiresAt > now else {
            throw OAuthError(
                .unauthorizedClient, "Identity \(identity.id) is \(identity.expiresAt <= now ? "expired" : identity.status.rawValue) and gets no credentials.")
        }
        return try await issue(
            request, to: identity, template: template, proof: proof, assertion: assertion, action: .credentialIssue, tenant: tenant, urls: urls,
            now: now)
    }

    /// Issues a token to an authenticated, active identity by the `client_credentials` rules — scopes within its
    /// template, audience within its destinations, lifetime capped by template, identity and (when bound) task, DPoP
    /// binding when a proof came or the template requires one — and records it durably with its `action` audit event
    /// (`details` added to the usual ones) before answering. Client credentials and federation share it.
    func issue(
        _ request: TokenRequest, to identity: Identity, template: IdentityTemplate, proof: VerifiedDPoPProof?, assertion: ClientAssertionClaims?,
        action: AuditAction, details extra: [String: String] = [:], issuedTokenType: String? = nil, tenant: String, urls: IssuerURLs, now: Date
    ) async throws -> TokenResponse {
        let scopes = try Self.grantedScopes(request.scope, template: template)
        let audience = try Self.audience(request.audience, identity: identity, issuer: urls.issuer)
        var lifetime = try Self.lifetime(request.ttl, template: template, identity: identity, now: now)
        var boundTask: String?
        if let taskID = request.task {
            let task = try await tasks.bindableTask(taskID, tenant: tenant, identity: identity.id, now: now)
            boundTask = task.id
            lifetime = min(lifetime, Int64(task.expiresAt.timeIntervalSince(now).rounded(.down)))
            guard lifetime >= 1 else { throw OAuthError(.invalidRequest, "Task \(task.id) ends now; open a new task.") }
        }

        let confirmation = try dpop.confirmation(for: proof, template: template, tenant: tenant)

        let grant = Grant(identity: identity, scopes: scopes, audience: audience, lifetime: lifetime, task: boundTask, confirmation: confirmation)
        let (token, claims, record) = try await mint(grant, tenant: tenant, issuer: urls.issuer, now: now)
        var details = extra.merging(["identity": identity.id, "scope": claims.scope, "aud": audience, "exp": String(claims.exp)]) { $1 }
        if let boundTask { details["task"] = boundTask }
        if let confirmation { details["jkt"] = confirmation.jkt }
        try await persist(record, assertion: assertion, action: action, details: details, now: now)
        return TokenResponse(
            accessToken: token, tokenType: Self.tokenType(confirmation), expiresIn: Int(lifetime), scope: claims.scope,
            issuedTokenType: issuedTokenType)
    }

    /// What a new token grants; ``mint(_:tenant:issuer:now:)`` turns it into a signed token and its record.
    struct Grant {
        var identity: Identity
        var scopes: [String]
        var audience: String
        var lifetime: Int64
        var task: String?
        var actor: ActorClaim?
        var parentJTI: String?
        /// The DPoP key the token is bound to (RFC 9449 §6.1), if any.
        var confirmation: ConfirmationClaim?
    }

    /// RFC 9449 §5: `DPoP` for a token bound to a key, `Bearer` otherwise.
    static func tokenType(_ confirmation: ConfirmationClaim?) -> String { confirmation == nil ? "Bearer" : "DPoP" }

    /// Signs a token for `grant` and makes its credential record (stored by the caller).
    func mint(_ grant: Grant, tenant: String, issuer: String, now: Date) async throws -> (String, AccessTokenClaims, CredentialRecord) {
        var generator = random.generator()
        let issuedAt = Int64(now.timeIntervalSince1970)
        let identity = grant.identity
        let claims = AccessTokenClaims(
            iss: issuer, sub: identity.id, aud: grant.audience, exp: issuedAt + grant.lifetime, iat: issuedAt,
            jti: IdentifierFormat.make(prefix: "cred", using: &generator), scope: grant.scopes.joined(separator: " "),
            owner: identity.owner, env: identity.environment.rawValue, stage: identity.stage.rawValue, spiffeId: identity.spiffeId,
            task: grant.task, act: grant.actor, parentJTI: grant.parentJTI, cnf: grant.confirmation
        )
        let token = try await ring.sign(claims, tenant: tenant)
        let record = CredentialRecord(
            jti: claims.jti, tenant: tenant, identityId: identity.id, owner: identity.owner, scopes: grant.scopes,
            audience: grant.audience, issuedAt: now, expiresAt: Date(timeIntervalSince1970: TimeInterval(claims.exp)), task: grant.task,
            parentJTI: grant.parentJTI
        )
        return (token, claims, record)
    }

    /// Durably records a new credential, the client assertion that obtained it (if any) and its audit event, in one
    /// group commit, before the token is handed out.
    ///
    /// - Throws: `invalid_client` when the assertion was used before (a replay that raced past the cache).
    func persist(
        _ record: CredentialRecord, assertion: ClientAssertionClaims?, action: AuditAction, details: [String: String], now: Date
    ) async throws {
        let event = AuditEvent(
            tenant: record.tenant, at: now, actor: "identity:\(record.identityId)", action: action, target: "credential:\(record.jti)",
            details: details)
        try await Self.persist(record, assertion: assertion, event: event, store: store, audit: audit)
    }

    /// Appends a new credential, its client assertion and its audit event as one member of a group commit.
    ///
    /// - Throws: `invalid_client` when the assertion was used before.
    package static func persist(
        _ record: CredentialRecord, assertion: ClientAssertionClaims?, event: AuditEvent, store: any LanyardStore, audit: any AuditLog
    ) async throws {
        let used = assertion.map {
            UsedAssertion(
                tenant: record.tenant, clientID: record.identityId, jti: $0.jti, expiresAt: Date(timeIntervalSince1970: TimeInterval($0.exp)))
        }
        let prepared = try await audit.prepare(event, store: store)
        do {
            try await store.append(DurableAppend(assertion: used, credential: record, events: prepared.map { [$0] } ?? []))
        } catch let error as LanyardError where error.code == .alreadyExists {
            throw OAuthError(.invalidClient, "This client assertion was already used; sign a new one with a fresh jti.")
        }
    }

    /// Authenticates the client of an OAuth request by its `private_key_jwt` assertion.
    ///
    /// The assertion's `aud` must name the tenant's issuer or `endpoint`, the public URL of the endpoint it is
    /// presented to: an assertion minted for one endpoint is not accepted at another (see
    /// ``assertionAudiences(at:urls:)`` for the one exception).
    /// - Returns: the identity, its template, and the verified assertion claims.
    public func authenticateClient(
        _ request: TokenRequest, tenant: String, urls: IssuerURLs, endpoint: String
    ) async throws -> (Identity, IdentityTemplate, ClientAssertionClaims) {
        guard let assertionType = request.clientAssertionType, let assertion = request.clientAssertion else {
            throw OAuthError(.invalidClient, "Authenticate with private_key_jwt: client_assertion_type and client_assertion are required.")
        }
        guard assertionType == TokenRequest.jwtBearer else {
            throw OAuthError(.invalidClient, "client_assertion_type must be \(TokenRequest.jwtBearer).")
        }
        guard let clientID = request.clientID ?? Self.peekSubject(assertion), clientID.utf8.count <= 128 else {
            throw OAuthError(.invalidClient, "The client is not identified: send client_id or a client_assertion with sub.")
        }
        guard let identity = try await store.identity(tenant: tenant, id: clientID), let template = try await template(of: identity) else {
            throw OAuthError(.invalidClient, "Unknown client '\(clientID.prefix(64))' in this tenant.")
        }
        let now = Int64(clock.now().timeIntervalSince1970)
        let claims = try await verifier.verify(
            assertion, clientID: identity.id, keys: identity.publicKeys, audiences: Self.assertionAudiences(at: endpoint, urls: urls), now: now)
        guard replay.insert("\(tenant)/\(identity.id)/\(claims.jti)", expiresAt: claims.exp + 60, now: now) else {
            throw OAuthError(.invalidClient, "This client assertion was already used; sign a new one with a fresh jti.")
        }
        return (identity, template, claims)
    }

    /// The `aud` values a client assertion presented at `endpoint` may carry: the issuer and `endpoint` itself. At the
    /// introspection and revocation endpoints the token endpoint is accepted too: RFC 7523 §3 lets the token endpoint
    /// URL name the authorization server, and RFC 7662 §2.1 and RFC 7009 §2.1 clients authenticate there as they do at
    /// the token endpoint (authlib's `PrivateKeyJWT(token_endpoint)` signs every assertion for the token endpoint).
    /// Never the other way round, and never at the SVID endpoints.
    static func assertionAudiences(at endpoint: String, urls: IssuerURLs) -> Set<String> {
        if endpoint == urls.introspectionEndpoint || endpoint == urls.revocationEndpoint { return [urls.issuer, endpoint, urls.tokenEndpoint] }
        return [urls.issuer, endpoint]
    }

    /// The identity's template, from the template cache after the first read.
    func template(of identity: Identity) async throws -> IdentityTemplate? {
        if let cached = templates.get(tenant: identity.tenant, name: identity.template) { return cached }
        guard let found = try await store.read({ try await $0.template(tenant: identity.tenant, name: identity.template) }) else { return nil }
        templates.put(found, tenant: identity.tenant)
        return found
    }

    // MARK: Introspection (RFC 7662)

    /// Authorizes an identity to introspect: its template must allow `lanyard:introspect`.
    public func authenticateIntrospector(_ request: TokenRequest, tenant: String, urls: IssuerURLs) async throws -> Identity {
        let (identity, template, _) = try await authenticateClient(request, tenant: tenant, urls: urls, endpoint: urls.introspectionEndpoint)
        guard identity.status == .active, identity.expiresAt > clock.now(), template.allows(scope: Self.introspectScope) else {
            throw OAuthError(.invalidClient, "This client may not introspect tokens: its template does not allow \(Self.introspectScope).")
        }
        return identity
    }

    // MARK: Revocation

    /// RFC 7009 revocation of one token. An identity may revoke only its own tokens; an administrator any token
    /// of the tenant. Unknown or invalid tokens are ignored, as RFC 7009 §2.2 requires.
    public func revoke(token: String, tenant: String, urls: IssuerURLs, byClient client: String?, actor: String) async throws {
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let claims = await ring.verifySignature(token, tenant: tenant),
            claims.iss == urls.issuer
        else { return }
        if let client, client != claims.sub {
            throw OAuthError(.unauthorizedClient, "A client may revoke only tokens issued to it.")
        }
        _ = try await revoke(
            .credential(jti: claims.jti), tenant: tenant, reason: "revoked through the revocation endpoint", actor: actor,
            fallbackExpiry: claims.exp)
    }

    /// Administrative revocation by token id, identity or owner. Returns how many live credentials were revoked.
    public func revoke(_ target: RevocationTarget, tenant: String, reason: String?, by principal: Principal) async throws -> Int {
        try AdminRoles.require(.credentialRevoke, principal, tenant: tenant)
        let reason = try NameRules.checkText(reason, field: "reason", maxLength: 512, required: false) ?? "revoked by an administrator"
        return try await revoke(target, tenant: tenant, reason: reason, actor: principal.actor, fallbackExpiry: nil)
    }

    private func revoke(_ target: RevocationTarget, tenant: String, reason: String, actor: String, fallbackExpiry: Int64?) async throws -> Int {
        let now = clock.now()
        let audit = self.audit
        let revoked = try await store.writeGrouped { session -> [CredentialRecord] in
            let records = try await session.revokeCredentials(tenant: tenant, target: target, at: now, reason: reason)
            let (kind, value) = Self.describe(target)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .credentialRevoke, target: "\(kind):\(value)",
                    details: [
                        "reason": reason, "count": String(records.count),
                        "credentials": records.prefix(100).map(\.jti).joined(separator: " "),
                    ]),
                in: session
            )
            return records
        }
        for record in revoked {
            revocations.revoke(jti: record.jti, expiresAt: Int64(record.expiresAt.timeIntervalSince1970))
        }
        let nowSeconds = Int64(now.timeIntervalSince1970)
        switch target {
        case .credential(let jti): if let fallbackExpiry { revocations.revoke(jti: jti, expiresAt: fallbackExpiry) }
        case .identity(let id): revocations.revokeIdentity(id, at: nowSeconds)
        case .owner: for id in Set(revoked.map(\.identityId)) { revocations.revokeIdentity(id, at: nowSeconds) }
        }
        return revoked.count
    }

    /// Rebuilds the in-memory revocation list from storage (at start).
    public func rebuildRevocations() async throws {
        let records = try await store.read { try await $0.revokedCredentials(unexpiredAt: clock.now()) }
        for record in records {
            revocations.revoke(jti: record.jti, expiresAt: Int64(record.expiresAt.timeIntervalSince1970))
        }
        try await tasks.rebuildRevocations()
    }

    /// Credential records per page when the request names no `limit`.
    public static let defaultPageSize = 100

    /// One page of the tenant's credential records (optionally of one identity), newest first and then by `jti`, a
    /// unique order, so following the cursors neither skips nor repeats a record while new ones are issued.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func list(tenant: String, identity: String?, page: PageRequest, by principal: Principal) async throws -> Page<CredentialRecord> {
        try AdminRoles.require(.credentialList, principal, tenant: tenant)
        return try await Page.read(page, list: "credentials", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (issuedAt: $0.time, jti: $0.id) }
            return try await store.read { try await $0.credentials(tenant: tenant, identityId: identity, after: position, limit: limit) }
        } key: {
            [String(AuditEvent.seconds(of: $0.issuedAt)), $0.jti]
        }
    }

    // MARK: Rules

    static func grantedScopes(_ requested: String?, template: IdentityTemplate) throws -> [String] {
        let scopes = (requested ?? "").split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !scopes.isEmpty else { throw OAuthError(.invalidScope, "Ask for at least one scope; credentials are narrowly scoped.") }
        guard scopes.count <= maxScopes else { throw OAuthError(.invalidScope, "At most \(maxScopes) scopes per token.") }
        var unique: [String] = []
        for scope in scopes where !unique.contains(scope) {
            guard template.allows(scope: scope) else {
                throw OAuthError(.invalidScope, "Scope '\(scope.prefix(64))' is not allowed by template '\(template.name)'.")
            }
            guard !template.needsApproval(scope: scope) else {
                throw OAuthError(.invalidScope, "Scope '\(scope.prefix(64))' needs an approval first.")
            }
            unique.append(scope)
        }
        return unique
    }

    static func audience(_ requested: String?, identity: Identity, issuer: String) throws -> String {
        guard let requested else { return identity.allowedDestinations.first ?? issuer }
        guard !requested.isEmpty, requested.utf8.count <= 256 else { throw OAuthError(.invalidTarget, "The audience must be 1–256 characters.") }
        // The issuer, Lanyard's own audience (``ownAudience(_:)``), is never an outside destination: an identity bounded
        // to destinations may still ask for a token for Lanyard's SVID and task endpoints, which accept no other.
        guard identity.allowedDestinations.isEmpty || identity.allowedDestinations.contains(requested) || requested == issuer else {
            throw OAuthError(.invalidTarget, "Audience '\(requested.prefix(64))' is outside this identity's allowed destinations.")
        }
        return requested
    }

    static func lifetime(_ requested: String?, template: IdentityTemplate, identity: Identity, now: Date) throws -> Int64 {
        var ttl = template.tokenTTL.seconds
        if let requested {
            let span: TimeSpan
            if let seconds = Int64(requested), let value = TimeSpan(seconds: seconds) {
                span = value
            } else if let value = try? TimeSpan(parsing: requested, field: "ttl") {
                span = value
            } else {
                throw OAuthError(.invalidRequest, "ttl must be a number of seconds or a span such as 5m.")
            }
            ttl = span.seconds
        }
        let remaining = Int64(identity.expiresAt.timeIntervalSince(now).rounded(.down))
        let lifetime = min(ttl, template.maxTokenTTL.seconds, remaining)
        guard lifetime >= 1 else { throw OAuthError(.unauthorizedClient, "The identity expires now and gets no credentials.") }
        return lifetime
    }

    /// The `sub` of an unverified JWT, to name the client in an error or an audit event.
    package static func peekSubject(_ token: String?) -> String? {
        guard let token, token.utf8.count <= JOSEHeader.maxTokenLength else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            let object = try? JSONValue.parse(utf8: payload, maxDepth: 64),
            case .string(let sub)? = object["sub"], sub.utf8.count <= 128
        else { return nil }
        return sub
    }

    static func describe(_ target: RevocationTarget) -> (String, String) {
        switch target {
        case .credential(let jti): ("credential", jti)
        case .identity(let id): ("identity", id)
        case .owner(let owner): ("owner", owner)
        }
    }

    /// Every tenant has its keys loaded in the ring, so the ring answers without a database read.
    private func requireTenant(_ tenant: String) async throws {
        guard ring.jwks(tenant: tenant) != nil else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
    }

    private func recordRefusal(_ error: OAuthError, tenant: String, client: String?) async throws {
        let client = client.map { String($0.prefix(128)) } ?? "unknown"
        try await Self.recordRefusal(
            AuditEvent(
                tenant: tenant, at: clock.now(), actor: "client:\(client)", action: .credentialRefuse, target: "client:\(client)",
                details: ["error": error.code.rawValue, "reason": error.description]),
            store: store, audit: audit)
    }

    /// Appends the audit event of a refusal (its own member of a group commit).
    static func recordRefusal(_ event: AuditEvent, store: any LanyardStore, audit: any AuditLog) async throws {
        guard let prepared = try await audit.prepare(event, store: store) else { return }
        try await store.append(DurableAppend(events: [prepared]))
    }
}
