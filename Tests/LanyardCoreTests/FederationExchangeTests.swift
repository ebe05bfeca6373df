import Crypto
import Foundation
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel
import LanyardTesting
import Synchronization
import Testing
import LanyardStorage

/// An issuer served from memory: discovery document and JWKS, counted; can be made unreachable.
final class FakeIssuerFetcher: IssuerDocumentFetcher {
    static let issuer = "https://ci.example.test"
    private let state = Mutex((keys: [JSONValue](), jwksFetches: 0, down: false))

    var jwksFetches: Int { state.withLock { $0.jwksFetches } }
    func publish(_ keys: [JSONValue]) { state.withLock { $0.keys = keys } }
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    func fetch(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data {
        let (keys, down) = state.withLock { ($0.keys, $0.down) }
        if down { throw IssuerFetchError("\(url) is unreachable.") }
        let body: JSONValue
        switch url {
        case Self.issuer + "/.well-known/openid-configuration":
            body = .object(["issuer": .string(Self.issuer), "jwks_uri": .string(Self.issuer + "/jwks")])
        case Self.issuer + "/jwks":
            state.withLock { $0.jwksFetches += 1 }
            body = .object(["keys": .array(keys)])
        default: throw IssuerFetchError("\(url) answered HTTP 404.")
        }
        return try JSONEncoder().encode(body)
    }
}

/// An ES256 key of the fake issuer.
struct IssuerKey {
    let kid: String
    let key = P256.Signing.PrivateKey()

    var jwk: JSONValue {
        let raw = Array(key.publicKey.rawRepresentation)
        return .object([
            "kty": .string("EC"), "crv": .string("P-256"), "kid": .string(kid), "use": .string("sig"),
            "x": .string(Base64URL.encode(raw[0..<32])), "y": .string(Base64URL.encode(raw[32..<64])),
        ])
    }

    func sign(_ claims: [String: JSONValue], extraHeader: [String: JSONValue] = [:]) throws -> String {
        let members: [String: JSONValue] = ["alg": .string("ES256"), "kid": .string(kid), "typ": .string("JWT")]
        let header = try JSONEncoder().encode(JSONValue.object(JSONObject(members.merging(extraHeader) { $1 })))
        let payload = try JSONEncoder().encode(JSONValue.object(JSONObject(claims)))
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try key.signature(for: Data(input.utf8)).rawRepresentation
        return input + "." + Base64URL.encode(signature)
    }
}

@Suite("Federation: RFC 8693 exchange of external JWTs, and the issuer key cache")
struct FederationExchangeTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func setUp() async throws -> (TestEnvironment, FakeIssuerFetcher, IssuerKey, Identity, FederationTrust) {
        let fetcher = FakeIssuerFetcher()
        let key = IssuerKey(kid: "k1")
        fetcher.publish([key.jwk])
        let env = try await TestEnvironment.make(issuerFetcher: fetcher)
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(name: "deployer", kind: "pipeline", owner: "alice", purpose: "CI deploys"), tenant: "default", by: env.platformAdmin)
        let trust = try await env.inventory.addTrust(
            AddTrustRequest(issuer: FakeIssuerFetcher.issuer, audience: "lanyard", conditions: [ClaimCondition(name: "repository_id", value: "42")]),
            identity: identity.name, tenant: "default", by: env.platformAdmin)
        return (env, fetcher, key, identity, trust)
    }

    func claims(_ env: TestEnvironment, _ overrides: [String: JSONValue] = [:]) -> [String: JSONValue] {
        let now = env.clock.now().timeIntervalSince1970
        var claims: [String: JSONValue] = [
            "iss": .string(FakeIssuerFetcher.issuer), "sub": .string("repo:acme/app"), "aud": .string("lanyard"),
            "exp": .number(JSONNumber(now + 300)), "iat": .number(JSONNumber(now)), "repository_id": .string("42"),
        ]
        for (name, value) in overrides { claims[name] = value }
        return claims
    }

    func request(_ token: String, identity: String, scope: String = "build") -> TokenRequest {
        var form = [
            "grant_type": TokenRequest.tokenExchange, "subject_token_type": TokenRequest.jwtType, "subject_token": token, "client_id": identity,
        ]
        form["scope"] = scope
        return TokenRequest(form: form)
    }

    func credentialCount(_ env: TestEnvironment, _ identity: Identity) async throws -> Int {
        try await env.store.read { try await $0.credentials(tenant: "default", identityId: identity.id, limit: 100) }.count
    }

    @Test("a matching external token gives an access token of the named identity, audited as credential.federate")
    func matching() async throws {
        let (env, fetcher, key, identity, trust) = try await setUp()
        let response = try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        #expect(response.issuedTokenType == TokenRequest.accessTokenType)
        let introspection = await env.credentials.tokens.introspect(response.accessToken, tenant: "default", urls: urls)
        #expect(introspection.active && introspection.sub == identity.id)
        let event = try #require(try await env.events().last)
        #expect(event.action == "credential.federate" && event.details["trust"] == trust.id)
        #expect(event.details["external_iss"] == FakeIssuerFetcher.issuer && event.details["external_sub"] == "repo:acme/app")
        #expect(try await env.events().map(\.action).contains("identity.trust.add"))
        // Cached: a second exchange does not fetch again.
        _ = try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: "deployer"), tenant: "default", urls: urls)
        #expect(fetcher.jwksFetches == 1)
    }

    @Test("mismatches are invalid_request naming what failed, audited, and issue nothing")
    func refusals() async throws {
        let (env, _, key, identity, _) = try await setUp()
        let now = env.clock.now().timeIntervalSince1970
        let cases: [([String: JSONValue], String)] = [
            (["repository_id": .string("43")], "claim 'repository_id' does not match"),
            (["aud": .string("other")], "aud does not contain 'lanyard'"),
            (["exp": .number(JSONNumber(now - 120))], "expired"),
            (["exp": .null], "no exp"),
            (["nbf": .number(JSONNumber(now + 3600))], "nbf"),
            (["iss": .string("https://other.example.test")], "does not trust issuer"),
        ]
        for (overrides, phrase) in cases {
            var body = claims(env, overrides)
            if overrides["exp"] == .null { body["exp"] = nil }
            let error = await #expect(throws: OAuthError.self) {
                try await env.credentials.tokenEndpoint.issue(request(try key.sign(body), identity: identity.id), tenant: "default", urls: urls)
            }
            #expect(error?.code == .invalidRequest && error?.description.contains(phrase) == true, "\(phrase): \(String(describing: error))")
        }
        let scope = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(
                request(try key.sign(claims(env)), identity: identity.id, scope: "write"), tenant: "default", urls: urls)
        }
        #expect(scope?.code == .invalidScope)
        #expect(try await credentialCount(env, identity) == 0)
        #expect(try await env.events().last?.action == "credential.refuse")
    }

    @Test("an external token whose JOSE header carries crit is refused naming crit, though its signature and claims are fine")
    func critical() async throws {
        let (env, _, key, identity, _) = try await setUp()
        let token = try key.sign(claims(env), extraHeader: ["crit": .array([.string("urn:example:x")]), "urn:example:x": .bool(true)])
        let error = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(token, identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(error?.code == .invalidRequest && error?.description.contains("crit") == true, "\(String(describing: error))")
        #expect(try await credentialCount(env, identity) == 0)
        _ = try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        #expect(try await credentialCount(env, identity) == 1)
    }

    @Test("a token signed by a key the issuer does not publish is refused; a rotated key works after one refetch")
    func rotation() async throws {
        let (env, fetcher, key, identity, _) = try await setUp()
        _ = try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        let next = IssuerKey(kid: "k2")
        let stray = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try next.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(stray?.description.contains("does not publish") == true)
        #expect(fetcher.jwksFetches == 1, "a refetch within the minimum interval is skipped")

        fetcher.publish([next.jwk])
        env.clock.advance(seconds: 11)
        _ = try await env.credentials.tokenEndpoint.issue(request(try next.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        #expect(fetcher.jwksFetches == 2)
        let old = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(old?.description.contains("does not publish") == true)

        let forged = IssuerKey(kid: "k2")
        let bad = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try forged.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(bad?.description.contains("signature does not verify") == true)
    }

    @Test("unreachable issuer keys give temporarily_unavailable (503) and nothing is issued; stale keys are not used")
    func unreachable() async throws {
        let (env, fetcher, key, identity, _) = try await setUp()
        fetcher.setDown(true)
        let error = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(error?.code == .temporarilyUnavailable)
        #expect(try await credentialCount(env, identity) == 0)

        fetcher.setDown(false)
        env.clock.advance(seconds: 11)
        _ = try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        fetcher.setDown(true)
        env.clock.advance(seconds: 301)
        let stale = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(stale?.code == .temporarilyUnavailable)
        #expect(try await credentialCount(env, identity) == 1)
    }

    @Test("removing a trust is audited and the issuer is no longer accepted")
    func removal() async throws {
        let (env, _, key, identity, trust) = try await setUp()
        #expect(try await env.inventory.trusts(identity: identity.id, tenant: "default", by: env.platformAdmin) == [trust])
        _ = try await env.inventory.removeTrust(trust.id, identity: identity.id, tenant: "default", by: env.platformAdmin)
        #expect(try await env.events().last?.action == "identity.trust.remove")
        await #expect(throws: LanyardError(.notFound, "")) {
            try await env.inventory.removeTrust(trust.id, identity: identity.id, tenant: "default", by: env.platformAdmin)
        }
        let error = await #expect(throws: OAuthError.self) {
            try await env.credentials.tokenEndpoint.issue(request(try key.sign(claims(env)), identity: identity.id), tenant: "default", urls: urls)
        }
        #expect(error?.description.contains("does not trust issuer") == true)
    }
}
