public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardCredentials
public import LanyardModel
import Crypto

/// Signing in to the console: a tenant's administrators through their company's OpenID Provider (authorization
/// code flow with PKCE, `state` and `nonce`; the ID token verified with the provider's published keys), or — break
/// glass — once with an administrator token. Each ends in a server-side ``ConsoleSession`` whose random token the
/// browser keeps in a cookie; only its hash is stored. Sign-ins, refusals and sign-outs are audited.
public struct ConsoleSignIn: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource
    let kek: KeyEncryptionKey
    let ring: KeyRing
    let issuerKeys: IssuerKeyCache
    let documents: any IssuerDocumentFetcher
    let transport: any IdentityProviderTransport
    let verifier: ExternalTokenVerifier
    let tenancy: Tenancy

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource, kek: KeyEncryptionKey, ring: KeyRing,
        issuerKeys: IssuerKeyCache, documents: any IssuerDocumentFetcher, transport: any IdentityProviderTransport, tenancy: Tenancy
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
        self.kek = kek
        self.ring = ring
        self.issuerKeys = issuerKeys
        self.documents = documents
        self.transport = transport
        self.verifier = ExternalTokenVerifier()
        self.tenancy = tenancy
    }

    /// Bounds of what a provider sends and of what an administrator configures.
    public enum Limits {
        public static let documentBytes = 256 * 1024
        public static let tokenResponseBytes = 64 * 1024
        public static let timeout = Duration.seconds(10)
        public static let clientIDLength = 256
        public static let secretLength = 1024
        public static let roleMappings = 64
        public static let groupNameLength = 256
        /// Clock skew allowed on `exp` and `iat`.
        public static let skew: TimeInterval = 60
    }

    /// The scopes asked for.
    public static let scopes = "openid profile email groups"

    // MARK: Configuration

    /// The tenant's configuration, without its secret.
    public func configuration(tenant: String) async throws -> SSOConfiguration? {
        try await store.read { session in try await session.ssoConfiguration(tenant: tenant) }
    }

    /// Sets the tenant's configuration (audited as `sso.set`, without the secret).
    public func configure(_ request: SetSSORequest, tenant: String, by principal: Principal) async throws -> SSOConfiguration {
        try AdminRoles.require(.ssoUpdate, principal, tenant: tenant)
        let issuer = try TrustRules.checkIssuer(request.issuer)
        guard !request.clientId.isEmpty, request.clientId.utf8.count <= Limits.clientIDLength, !TrustRules.hasControlCharacters(request.clientId)
        else { throw LanyardError.invalid("clientId", "clientId must be 1–\(Limits.clientIDLength) characters without control characters.") }
        let method: SSOConfiguration.ClientAuthentication
        if let text = request.clientAuthentication {
            guard let parsed = SSOConfiguration.ClientAuthentication(rawValue: text) else {
                throw LanyardError.invalid(
                    "clientAuthentication", "clientAuthentication must be one of private_key_jwt, client_secret_basic, client_secret_post.")
            }
            method = parsed
        } else {
            method = .privateKeyJWT
        }
        guard !request.roles.isEmpty, request.roles.count <= Limits.roleMappings else {
            throw LanyardError.invalid("roles", "roles must map 1–\(Limits.roleMappings) group names to roles.")
        }
        var roles: [String: Principal.Role] = [:]
        for (group, name) in request.roles {
            guard !group.isEmpty, group.utf8.count <= Limits.groupNameLength, !TrustRules.hasControlCharacters(group) else {
                throw LanyardError.invalid("roles", "A group name must be 1–\(Limits.groupNameLength) characters without control characters.")
            }
            guard let role = Principal.Role(rawValue: name), Self.signInRoles.contains(role) else {
                throw LanyardError.invalid(
                    "roles", "Group '\(group)' maps to '\(name)'; a console role is one of \(Self.signInRoles.map(\.rawValue).joined(separator: ", ")).")
            }
            roles[group] = role
        }
        let claim = request.groupsClaim ?? "groups"
        guard !claim.isEmpty, claim.utf8.count <= 128, !TrustRules.hasControlCharacters(claim) else {
            throw LanyardError.invalid("groupsClaim", "groupsClaim must be 1–128 characters.")
        }
        var configuration = SSOConfiguration(
            tenant: tenant, issuer: issuer, clientID: request.clientId, clientAuthentication: method, roles: roles, groupsClaim: claim,
            updatedAt: clock.now(), updatedBy: principal.actor)
        switch method {
        case .privateKeyJWT:
            guard request.clientSecret == nil else {
                throw LanyardError.invalid("clientSecret", "private_key_jwt uses the tenant's signing key; leave clientSecret out.")
            }
        case .clientSecretBasic, .clientSecretPost:
            guard let secret = request.clientSecret, !secret.isEmpty, secret.utf8.count <= Limits.secretLength else {
                throw LanyardError.invalid("clientSecret", "\(method.rawValue) needs a clientSecret of 1–\(Limits.secretLength) bytes.")
            }
            configuration.sealedSecret = try kek.seal(Array(secret.utf8), context: configuration.sealContext)
        }
        let stored = configuration
        let event = AuditEvent(
            tenant: tenant, at: stored.updatedAt, actor: principal.actor, action: .ssoSet, target: "tenant:\(tenant)",
            details: [
                "issuer": stored.issuer, "clientId": stored.clientID, "clientAuthentication": stored.clientAuthentication.rawValue,
                "roles": stored.roles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: " "),
            ])
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            try await session.putSSOConfiguration(stored)
            try await audit.record(event, in: session)
        }
        return stored
    }

    /// Removes the tenant's configuration (`sso.remove`); sessions already signed in run out on their own.
    public func removeConfiguration(tenant: String, by principal: Principal) async throws {
        try AdminRoles.require(.ssoUpdate, principal, tenant: tenant)
        let event = AuditEvent(tenant: tenant, at: clock.now(), actor: principal.actor, action: .ssoRemove, target: "tenant:\(tenant)")
        try await store.write { session in
            guard try await session.deleteSSOConfiguration(tenant: tenant) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no SSO configuration.")
            }
            try await audit.record(event, in: session)
        }
    }

    /// The roles a provider's group may give: no platform administration, no enforcement point.
    public static let signInRoles: [Principal.Role] = [.tenantAdmin, .securityReviewer, .auditor, .owner, .builder]

    // MARK: Sign-in through the provider

    /// Where to send the browser to sign in: the provider's authorization endpoint with a fresh `state`, `nonce` and
    /// PKCE challenge, all bound to a stored attempt. `returnTo` must be a path inside this tenant's console.
    public func begin(tenant: String, returnTo: String?, redirectURI: String, consolePath: String) async throws -> String {
        guard let configuration = try await configuration(tenant: tenant) else {
            throw LanyardError(.notFound, "Tenant '\(tenant)' has no SSO configuration; sign in with an administrator token.")
        }
        let provider = try await providerMetadata(configuration)
        let state = Base64URL.encode(random.bytes(32))
        let nonce = Base64URL.encode(random.bytes(32))
        let verifier = Base64URL.encode(random.bytes(32))
        let challenge = Base64URL.encode(Array(SHA256.hash(data: Array(verifier.utf8))))
        let stateHash = TokenHasher.hash(state)
        let secrets = try kek.seal(Array((nonce + " " + verifier).utf8), context: "console-signin:\(stateHash)")
        let attempt = ConsoleSignInAttempt(
            stateHash: stateHash, tenant: tenant, sealedSecrets: secrets, returnTo: Self.safeReturn(returnTo, consolePath: consolePath),
            createdAt: clock.now())
        let cutoff = clock.now().addingTimeInterval(-ConsoleLimits.signInWindow)
        try await store.write { session in
            _ = try await session.deleteSignInAttempts(before: cutoff)
            try await session.insertSignInAttempt(attempt)
        }
        let query = PercentEncoding.query([
            ("response_type", "code"), ("client_id", configuration.clientID), ("redirect_uri", redirectURI), ("scope", Self.scopes),
            ("state", state), ("nonce", nonce), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ])
        return provider.authorizationEndpoint + (provider.authorizationEndpoint.contains("?") ? "&" : "?") + query
    }

    /// A signed-in session: its cookie token and where to go next.
    public struct SignedIn: Sendable {
        public var token: String
        public var session: ConsoleSession
        public var returnTo: String
    }

    /// Completes a sign-in at the callback: the `state` must name an attempt of this tenant begun within
    /// ``ConsoleLimits/signInWindow`` (used once); the code is exchanged with the PKCE verifier and the client's
    /// authentication; the ID token must be signed by a key the provider publishes, by its issuer, for this client, not
    /// expired, with the attempt's `nonce`; the person's groups must give a role. Refusals are audited and say why.
    public func complete(tenant: String, state: String, code: String, redirectURI: String) async throws -> SignedIn {
        guard state.utf8.count <= 128, code.utf8.count <= 4096, !state.isEmpty, !code.isEmpty else {
            throw try await refuse(tenant: tenant, "The sign-in's state or code is missing or too long.")
        }
        let stateHash = TokenHasher.hash(state)
        guard let attempt = try await store.write({ session in try await session.takeSignInAttempt(tenant: tenant, stateHash: stateHash) }),
            clock.now().timeIntervalSince(attempt.createdAt) <= ConsoleLimits.signInWindow
        else { throw try await refuse(tenant: tenant, "This sign-in is unknown, already used or too old; start again.") }
        guard let opened = try? kek.open(attempt.sealedSecrets, context: "console-signin:\(stateHash)"),
            case let parts = String(decoding: opened, as: UTF8.self).split(separator: " "), parts.count == 2
        else { throw LanyardError(.internal, "A stored sign-in could not be opened.") }
        let (nonce, verifier) = (String(parts[0]), String(parts[1]))
        guard let configuration = try await configuration(tenant: tenant) else {
            throw try await refuse(tenant: tenant, "Tenant '\(tenant)' no longer has an SSO configuration.")
        }
        let provider = try await providerMetadata(configuration)
        let idToken = try await exchange(code: code, verifier: verifier, redirectURI: redirectURI, configuration: configuration, provider: provider)
        let claims: [String: JSONValue]
        do {
            claims = try await verifyIDToken(idToken, configuration: configuration, nonce: nonce)
        } catch let error as LanyardError {
            throw try await refuse(tenant: tenant, error.message)
        }
        let subject = claims["sub"]?.stringValue ?? ""
        let email = claims["email"]?.stringValue ?? claims["preferred_username"]?.stringValue ?? subject
        let name = claims["name"]?.stringValue ?? email
        let groups = Self.groups(claims[configuration.groupsClaim])
        guard let role = Self.role(groups: groups, roles: configuration.roles) else {
            throw try await refuse(
                tenant: tenant, "\(email.prefix(256)) is in none of the groups that give a console role (\(groups.prefix(20).joined(separator: ", "))).",
                status: .forbidden)
        }
        var signedIn = try await openSession(
            tenant: tenant, method: .sso, subject: subject, email: String(email.prefix(256)), name: String(name.prefix(256)), role: role,
            details: ["issuer": configuration.issuer, "groups": groups.prefix(20).joined(separator: " ")])
        signedIn.returnTo = attempt.returnTo
        return signedIn
    }

    /// Break-glass: a session from an administrator token of this tenant (or a platform administrator's), with its
    /// role. The token itself is not kept in the session.
    public func signIn(adminToken: String, tenant: String, consolePath: String) async throws -> SignedIn {
        let principal: Principal
        do {
            principal = try await tenancy.authenticate(bearer: adminToken)
        } catch {
            throw try await refuse(tenant: tenant, "The administrator token is unknown, expired or revoked.")
        }
        guard principal.actsIn(tenant: tenant), principal.role != .pep else {
            throw try await refuse(tenant: tenant, "This token may not sign in to tenant '\(tenant)''s console.", status: .forbidden)
        }
        var signedIn = try await openSession(
            tenant: tenant, method: .adminToken, subject: principal.tokenId, email: principal.subject ?? principal.actor,
            name: principal.subject ?? "Administrator token \(principal.tokenId)", role: principal.role == .platformAdmin ? .tenantAdmin : principal.role,
            details: ["adminToken": principal.tokenId])
        signedIn.returnTo = consolePath + "/"
        return signedIn
    }

    // MARK: Sessions

    /// The live session of `token` in `tenant`: not ended, used within ``ConsoleLimits/idleTimeout``, younger than its
    /// absolute end. Activity is recorded at most every ``ConsoleLimits/touchInterval``. nil otherwise.
    public func session(token: String, tenant: String) async throws -> ConsoleSession? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count <= 128 else { return nil }
        let hash = TokenHasher.hash(token)
        guard let found = try await store.read({ session in try await session.consoleSession(idHash: hash) }),
            found.tenant == tenant, found.endedAt == nil
        else { return nil }
        let now = clock.now()
        guard now < found.expiresAt, now.timeIntervalSince(found.lastSeenAt) <= ConsoleLimits.idleTimeout else { return nil }
        if now.timeIntervalSince(found.lastSeenAt) >= ConsoleLimits.touchInterval {
            guard try await store.write({ session in try await session.touchConsoleSession(idHash: hash, at: now) }) else { return nil }
        }
        return found
    }

    /// Ends the session of `token` (`console.signout`); nothing happens for an unknown or ended one.
    public func signOut(token: String, tenant: String) async throws {
        guard let found = try await session(token: token, tenant: tenant) else { return }
        let now = clock.now()
        let event = AuditEvent(
            tenant: tenant, at: now, actor: Self.principal(of: found).actor, action: .consoleSignOut, target: "console-session:\(found.id)",
            details: ["email": found.email])
        try await store.write { session in
            guard try await session.endConsoleSession(idHash: found.idHash, at: now) else { return }
            try await audit.record(event, in: session)
        }
    }

    /// The admin principal a session acts as: its role in its tenant, the person (for `owner` and `builder`, whose
    /// identities are those they own) as subject, the session's id as the credential.
    public static func principal(of session: ConsoleSession) -> Principal {
        Principal(tokenId: session.id, role: session.role, tenant: session.tenant, subject: session.email, expiresAt: session.expiresAt)
    }

    /// The CSRF token of a session's forms: an HMAC of a fixed label keyed by the session's cookie token, so it needs
    /// no storage, differs per session and cannot be made without the cookie.
    public static func csrfToken(sessionToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("lanyard-console-csrf".utf8), using: SymmetricKey(data: Array(sessionToken.utf8)))
        return Base64URL.encode(Array(mac))
    }

    /// Whether `presented` is the CSRF token of the session (compared in constant time).
    public static func checkCSRF(_ presented: String?, sessionToken: String) -> Bool {
        guard let presented, presented.utf8.count <= 128 else { return false }
        return TokenHasher.constantTimeEquals(presented, csrfToken(sessionToken: sessionToken))
    }

    /// A fresh token for the sign-in form's double-submit CSRF cookie (before there is a session to bind one to).
    public func signInFormToken() -> String { Base64URL.encode(random.bytes(24)) }

    /// Now, by the console's clock (what pages show "expires in" and "expired" against).
    public func now() -> Date { clock.now() }

    /// Console session tokens start with this.
    public static let tokenPrefix = "lycs_"

    // MARK: Internals

    func openSession(
        tenant: String, method: ConsoleSession.Method, subject: String, email: String, name: String, role: Principal.Role, details: [String: String]
    ) async throws -> SignedIn {
        let token = Self.tokenPrefix + Base64URL.encode(random.bytes(32))
        let now = clock.now()
        let session = ConsoleSession(
            idHash: TokenHasher.hash(token), id: "cs_" + Base64URL.encode(random.bytes(12)), tenant: tenant, method: method, subject: subject,
            email: email, name: name, role: role, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(ConsoleLimits.absoluteTimeout))
        var eventDetails = details
        eventDetails["method"] = method.rawValue
        eventDetails["email"] = email
        eventDetails["role"] = role.rawValue
        eventDetails["subject"] = String(subject.prefix(256))
        let event = AuditEvent(
            tenant: tenant, at: now, actor: Self.principal(of: session).actor, action: .consoleSignIn, target: "console-session:\(session.id)",
            details: eventDetails)
        try await store.write { store in
            try await store.insertConsoleSession(session)
            try await audit.record(event, in: store)
        }
        return SignedIn(token: token, session: session, returnTo: "")
    }

    /// Audits a refused sign-in and gives the error to throw.
    func refuse(tenant: String, _ reason: String, status: LanyardError.Code = .unauthenticated) async throws -> LanyardError {
        let event = AuditEvent(
            tenant: tenant, at: clock.now(), actor: "console:anonymous", action: .consoleSignInRefuse, target: "tenant:\(tenant)",
            details: ["reason": String(reason.prefix(512))])
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { return }
            try await audit.record(event, in: session)
        }
        return LanyardError(status, "Sign-in refused: \(reason)")
    }

    /// `returnTo` when it is a path inside `consolePath` (no scheme, no host, no `//`, no backslash, no control
    /// characters); the console's front page otherwise — never another site.
    public static func safeReturn(_ returnTo: String?, consolePath: String) -> String {
        let home = consolePath + "/"
        guard let returnTo, returnTo.utf8.count <= 1024, returnTo == consolePath || returnTo.hasPrefix(home),
            !returnTo.contains("//"), !returnTo.contains("\\"), !returnTo.contains(".."), !TrustRules.hasControlCharacters(returnTo)
        else { return home }
        return returnTo
    }

    /// The groups in a claim: an array of strings, or one string.
    static func groups(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let one)?: [one]
        case .array(let items)?: items.prefix(1000).compactMap(\.stringValue)
        default: []
        }
    }

    /// The strongest role the groups give.
    static func role(groups: [String], roles: [String: Principal.Role]) -> Principal.Role? {
        let given = Set(groups.compactMap { roles[$0] })
        return signInRoles.first { given.contains($0) }
    }

    struct ProviderMetadata {
        var authorizationEndpoint: String
        var tokenEndpoint: String
    }

    /// The provider's discovery document: its `issuer` must be the configured one, its endpoints fetchable URLs.
    func providerMetadata(_ configuration: SSOConfiguration) async throws -> ProviderMetadata {
        let base = configuration.issuer.hasSuffix("/") ? String(configuration.issuer.dropLast()) : configuration.issuer
        let data: Data
        do {
            data = try await documents.fetch(base + "/.well-known/openid-configuration", maxBytes: Limits.documentBytes, timeout: Limits.timeout)
        } catch {
            throw LanyardError(.storageUnavailable, "The OpenID Provider's discovery document could not be fetched: \(error).")
        }
        guard case .object(let document)? = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
            document["issuer"]?.stringValue == configuration.issuer,
            let authorization = document["authorization_endpoint"]?.stringValue, TrustRules.isFetchableURL(authorization),
            let token = document["token_endpoint"]?.stringValue, TrustRules.isFetchableURL(token)
        else {
            throw LanyardError(
                .invalidConfiguration,
                "The OpenID Provider's discovery document does not name issuer \(configuration.issuer) with https authorization and token endpoints.")
        }
        return ProviderMetadata(authorizationEndpoint: authorization, tokenEndpoint: token)
    }

    /// The authorization code exchanged for the provider's ID token.
    func exchange(code: String, verifier: String, redirectURI: String, configuration: SSOConfiguration, provider: ProviderMetadata) async throws
        -> String
    {
        var form: [(String, String)] = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", verifier),
        ]
        var headers: [(String, String)] = [("Accept", "application/json")]
        switch configuration.clientAuthentication {
        case .privateKeyJWT:
            let now = Int64(clock.now().timeIntervalSince1970)
            let payload = JSONValue.object([
                "iss": .string(configuration.clientID), "sub": .string(configuration.clientID), "aud": .string(provider.tokenEndpoint),
                "jti": .string(Base64URL.encode(random.bytes(16))), "iat": .int(now), "exp": .int(now &+ 120),
            ]).compactText
            form += [
                ("client_id", configuration.clientID), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", try ring.signClientAssertion(payload: payload, tenant: configuration.tenant)),
            ]
        case .clientSecretBasic, .clientSecretPost:
            guard let sealed = configuration.sealedSecret, let secret = try? kek.open(sealed, context: configuration.sealContext) else {
                throw LanyardError(.invalidConfiguration, "The tenant's SSO client secret is missing or cannot be opened.")
            }
            let text = String(decoding: secret, as: UTF8.self)
            if configuration.clientAuthentication == .clientSecretBasic {
                let pair = PercentEncoding.encode(configuration.clientID) + ":" + PercentEncoding.encode(text)
                headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
            } else {
                form += [("client_id", configuration.clientID), ("client_secret", text)]
            }
        }
        let response: (status: Int, body: Data)
        do {
            response = try await transport.postForm(
                provider.tokenEndpoint, form: form, headers: headers, maxBytes: Limits.tokenResponseBytes, timeout: Limits.timeout)
        } catch {
            throw LanyardError(.storageUnavailable, "The OpenID Provider's token endpoint could not be reached: \(error).")
        }
        let body = try? JSONValue.parse(String(decoding: response.body, as: UTF8.self))
        guard response.status == 200, let idToken = body?["id_token"]?.stringValue else {
            let error = body?["error"]?.stringValue.map { " (\($0.prefix(64)))" } ?? ""
            throw try await refuse(tenant: configuration.tenant, "The OpenID Provider did not exchange the code: HTTP \(response.status)\(error).")
        }
        return idToken
    }

    /// The claims of a verified ID token (OpenID Connect Core §3.1.3.7).
    func verifyIDToken(_ token: String, configuration: SSOConfiguration, nonce: String) async throws -> [String: JSONValue] {
        func refused(_ why: String) -> LanyardError { LanyardError(.unauthenticated, why) }
        guard token.utf8.count <= JOSEHeader.maxTokenLength, let header = try? JOSEHeader(compact: token),
            ExternalTokenVerifier.acceptedAlgorithms.contains(header.alg)
        else { throw refused("the ID token is malformed or not signed with an accepted asymmetric algorithm.") }
        let keys: [JSONValue]
        do {
            keys = try await issuerKeys.keys(issuer: configuration.issuer)
        } catch {
            throw refused("the OpenID Provider's keys could not be fetched (\(error)).")
        }
        var outcome = await verifier.verify(token, header: header, keys: keys)
        if outcome == .unknownKey, let fresh = try? await issuerKeys.refresh(issuer: configuration.issuer) {
            outcome = await verifier.verify(token, header: header, keys: fresh)
        }
        guard case .verified(let claims) = outcome else { throw refused("the ID token's signature does not verify with the provider's keys.") }
        guard claims["iss"]?.stringValue == configuration.issuer else { throw refused("the ID token's issuer is not \(configuration.issuer).") }
        let audiences = TrustRules.audiences(claims["aud"])
        guard audiences.contains(configuration.clientID) else { throw refused("the ID token's audience is not this client.") }
        if audiences.count > 1, claims["azp"]?.stringValue != configuration.clientID {
            throw refused("the ID token has several audiences and its azp is not this client.")
        }
        let now = clock.now().timeIntervalSince1970
        guard case .number(let exp)? = claims["exp"], exp.double + Limits.skew > now else { throw refused("the ID token has expired.") }
        if case .number(let iat)? = claims["iat"], iat.double > now + Limits.skew { throw refused("the ID token was issued in the future.") }
        guard let presented = claims["nonce"]?.stringValue, TokenHasher.constantTimeEquals(presented, nonce) else {
            throw refused("the ID token's nonce is not this sign-in's.")
        }
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty, subject.utf8.count <= 256 else {
            throw refused("the ID token has no usable subject.")
        }
        return claims
    }
}
