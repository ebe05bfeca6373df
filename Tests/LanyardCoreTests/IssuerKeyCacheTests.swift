import Foundation
import LanyardCore
import LanyardModel
import LanyardTesting
import Synchronization
import Testing

/// Answers from a table of URL → JSON, counting requests per URL; optionally slow.
final class ScriptedFetcher: IssuerDocumentFetcher {
    private let documents: [String: JSONValue]
    private let delay: Duration
    private let counts = Mutex([String: Int]())

    init(_ documents: [String: JSONValue], delay: Duration = .zero) {
        self.documents = documents
        self.delay = delay
    }

    func count(_ url: String) -> Int { counts.withLock { $0[url] ?? 0 } }

    func fetch(_ url: String, maxBytes: Int, timeout: Duration) async throws -> Data {
        counts.withLock { $0[url, default: 0] += 1 }
        if delay > .zero { try await Task.sleep(for: delay) }
        guard let document = documents[url] else { throw IssuerFetchError("\(url) answered HTTP 404.") }
        return try JSONEncoder().encode(document)
    }
}

@Suite("Federation: the issuer key cache (discovery, TTL, rotation, rate limit)")
struct IssuerKeyCacheTests {
    static let issuer = "https://issuer.example.test"
    static let key: JSONValue = .object(["kty": .string("EC"), "crv": .string("P-256"), "kid": .string("k1"), "x": .string("x"), "y": .string("y")])

    static func documents(issuerClaim: String = issuer, jwksURI: String = issuer + "/keys", keys: [JSONValue] = [key]) -> [String: JSONValue] {
        [
            issuer + "/.well-known/openid-configuration": .object(["issuer": .string(issuerClaim), "jwks_uri": .string(jwksURI)]),
            issuer + "/keys": .object(["keys": .array(keys)]),
            "http://10.0.0.1/keys": .object(["keys": .array(keys)]),
        ]
    }

    @Test("keys are fetched by discovery, cached for the TTL, and fetched again after it")
    func ttl() async throws {
        let fetcher = ScriptedFetcher(Self.documents())
        let clock = ManualClock()
        let cache = IssuerKeyCache(fetcher: fetcher, clock: clock)
        #expect(try await cache.keys(issuer: Self.issuer) == [Self.key])
        clock.advance(seconds: 299)
        _ = try await cache.keys(issuer: Self.issuer)
        #expect(fetcher.count(Self.issuer + "/keys") == 1)
        clock.advance(seconds: 1)
        _ = try await cache.keys(issuer: Self.issuer)
        #expect(fetcher.count(Self.issuer + "/keys") == 2)
    }

    @Test("an issuer with a trailing slash is discovered under its URL without it, and must match exactly")
    func trailingSlash() async throws {
        let fetcher = ScriptedFetcher(Self.documents(issuerClaim: Self.issuer + "/"))
        let cache = IssuerKeyCache(fetcher: fetcher, clock: ManualClock())
        #expect(try await cache.keys(issuer: Self.issuer + "/") == [Self.key])
        let mismatch = await #expect(throws: IssuerFetchError.self) { try await cache.keys(issuer: Self.issuer) }
        #expect(mismatch?.description.contains("names another issuer") == true)
    }

    @Test("a jwks_uri that is not https (or loopback http) is refused")
    func plainHTTPJWKS() async throws {
        let cache = IssuerKeyCache(fetcher: ScriptedFetcher(Self.documents(jwksURI: "http://10.0.0.1/keys")), clock: ManualClock())
        let error = await #expect(throws: IssuerFetchError.self) { try await cache.keys(issuer: Self.issuer) }
        #expect(error?.description.contains("no usable jwks_uri") == true)
    }

    @Test("refresh for an unknown kid fetches at most once per minimum interval; failures hold retries back too")
    func rateLimit() async throws {
        let fetcher = ScriptedFetcher(Self.documents())
        let clock = ManualClock()
        let cache = IssuerKeyCache(fetcher: fetcher, clock: clock)
        _ = try await cache.keys(issuer: Self.issuer)
        for _ in 0..<20 { #expect(try await cache.refresh(issuer: Self.issuer) == nil) }
        #expect(fetcher.count(Self.issuer + "/keys") == 1)
        clock.advance(seconds: 10)
        #expect(try await cache.refresh(issuer: Self.issuer) == [Self.key])
        #expect(fetcher.count(Self.issuer + "/keys") == 2)

        let missing = "https://down.example.test"
        for _ in 0..<5 { await #expect(throws: IssuerFetchError.self) { try await cache.keys(issuer: missing) } }
        #expect(fetcher.count(missing + "/.well-known/openid-configuration") == 1)
        clock.advance(seconds: 10)
        await #expect(throws: IssuerFetchError.self) { try await cache.keys(issuer: missing) }
        #expect(fetcher.count(missing + "/.well-known/openid-configuration") == 2)
    }

    @Test("concurrent requests for one issuer share one fetch")
    func sharedFetch() async throws {
        let fetcher = ScriptedFetcher(Self.documents(), delay: .milliseconds(100))
        let cache = IssuerKeyCache(fetcher: fetcher, clock: ManualClock())
        try await withThrowingTaskGroup(of: [JSONValue].self) { group in
            for _ in 0..<16 { group.addTask { try await cache.keys(issuer: Self.issuer) } }
            for try await keys in group { #expect(keys == [Self.key]) }
        }
        #expect(fetcher.count(Self.issuer + "/keys") == 1)
    }

    @Test("a JWKS keeps at most 64 keys and only objects")
    func boundedKeys() async throws {
        let many = Array(repeating: Self.key, count: 100) + [.string("junk")]
        let cache = IssuerKeyCache(fetcher: ScriptedFetcher(Self.documents(keys: many)), clock: ManualClock())
        #expect(try await cache.keys(issuer: Self.issuer).count == 64)
    }
}
