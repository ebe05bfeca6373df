public import Foundation
public import LanyardModel
import Synchronization

/// The published signing keys of external OIDC issuers, fetched by OIDC discovery and cached per issuer.
///
/// - Discovery: `GET {iss}/.well-known/openid-configuration` (a trailing `/` of `iss` dropped first); its `issuer`
///   must equal `iss` exactly, and its `jwks_uri` (https, or http on a loopback host) is fetched. Nothing else is
///   tried: no fallback JWKS location.
/// - Cache: keys are served for ``Policy/ttl`` after a successful fetch. When they are stale and a fetch fails, the
///   exchange fails (closed): stale keys are never used.
/// - Rotation: a token whose `kid` is not among the cached keys asks for ``refresh(issuer:)``, which fetches again at
///   most once per ``Policy/minRefreshInterval`` per issuer, so tokens with made-up `kid`s cannot make Lanyard hammer
///   the issuer. A failed fetch also holds further attempts back for that interval.
/// - Concurrent requests for the same issuer share one fetch.
public final class IssuerKeyCache: Sendable {
    /// Timing and size limits.
    public struct Policy: Sendable, Hashable {
        /// How long fetched keys are used without asking again (seconds). Default 5 minutes.
        public var ttl: Int64 = 300
        /// Least time between two fetches of one issuer's keys forced by an unknown `kid` or a failure (seconds).
        public var minRefreshInterval: Int64 = 10
        /// Largest discovery document or JWKS accepted (bytes). Default 256 KiB.
        public var maxBytes = 256 * 1024
        /// Timeout of each HTTP request. Default 5 s.
        public var timeout = Duration.seconds(5)
        /// Most keys kept from one JWKS.
        public var maxKeys = 64
        /// Most issuers cached; the cache is emptied when full.
        public var capacity = 1000
        public init() {}
    }

    private struct Entry: Sendable {
        var keys: [JSONValue]?
        var fetchedAt: Int64
        var lastAttempt: Int64
        var lastError: String?
    }

    private struct State: Sendable {
        var entries: [String: Entry] = [:]
        var inFlight: [String: Task<[JSONValue], any Error>] = [:]
    }

    let fetcher: any IssuerDocumentFetcher
    let clock: any WallClock
    public let policy: Policy
    private let state = Mutex(State())

    public init(fetcher: any IssuerDocumentFetcher, clock: any WallClock, policy: Policy = Policy()) {
        self.fetcher = fetcher
        self.clock = clock
        self.policy = policy
    }

    /// The issuer's keys: cached ones while fresh, else freshly fetched.
    ///
    /// - Throws: ``IssuerFetchError`` when the keys are stale or absent and cannot be fetched now.
    public func keys(issuer: String) async throws -> [JSONValue] {
        let now = seconds()
        let cached = state.withLock { $0.entries[issuer] }
        if let cached, let keys = cached.keys, now - cached.fetchedAt < policy.ttl { return keys }
        if let cached, let error = cached.lastError, now - cached.lastAttempt < policy.minRefreshInterval {
            throw IssuerFetchError(error)
        }
        return try await load(issuer)
    }

    /// Fetches the issuer's keys again because a token named a `kid` the cached keys lack. Returns nil, without
    /// fetching, when the issuer's keys were fetched (or tried) less than ``Policy/minRefreshInterval`` ago.
    ///
    /// - Throws: ``IssuerFetchError`` when the fetch fails.
    public func refresh(issuer: String) async throws -> [JSONValue]? {
        let now = seconds()
        let cached = state.withLock { $0.entries[issuer] }
        if let cached, now - cached.lastAttempt < policy.minRefreshInterval { return nil }
        return try await load(issuer)
    }

    private func load(_ issuer: String) async throws -> [JSONValue] {
        let task = state.withLock { state -> Task<[JSONValue], any Error> in
            if let running = state.inFlight[issuer] { return running }
            let task = Task { try await self.download(issuer) }
            state.inFlight[issuer] = task
            return task
        }
        let now = seconds()
        do {
            let keys = try await task.value
            state.withLock { state in
                state.inFlight[issuer] = nil
                if state.entries[issuer] == nil, state.entries.count >= policy.capacity { state.entries.removeAll(keepingCapacity: true) }
                state.entries[issuer] = Entry(keys: keys, fetchedAt: now, lastAttempt: now, lastError: nil)
            }
            return keys
        } catch {
            let reason = (error as? IssuerFetchError)?.description ?? "The keys of issuer '\(issuer)' could not be fetched."
            state.withLock { state in
                state.inFlight[issuer] = nil
                var entry = state.entries[issuer] ?? Entry(keys: nil, fetchedAt: 0, lastAttempt: now, lastError: nil)
                entry.lastAttempt = now
                entry.lastError = reason
                if state.entries[issuer] == nil, state.entries.count >= policy.capacity { state.entries.removeAll(keepingCapacity: true) }
                state.entries[issuer] = entry
            }
            throw IssuerFetchError(reason)
        }
    }

    /// Discovery document, then JWKS.
    private func download(_ issuer: String) async throws -> [JSONValue] {
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let discoveryURL = base + "/.well-known/openid-configuration"
        guard TrustRules.isFetchableURL(discoveryURL) else {
            throw IssuerFetchError("Issuer '\(issuer)' is not an https URL (or http on a loopback host).")
        }
        let discovery = try await document(discoveryURL, what: "OIDC discovery document of issuer '\(issuer)'")
        guard discovery["issuer"]?.stringValue == issuer else {
            throw IssuerFetchError("The OIDC discovery document of issuer '\(issuer)' names another issuer.")
        }
        guard let jwksURI = discovery["jwks_uri"]?.stringValue, jwksURI.utf8.count <= 1024, TrustRules.isFetchableURL(jwksURI) else {
            throw IssuerFetchError("The OIDC discovery document of issuer '\(issuer)' has no usable jwks_uri (https, or http on a loopback host).")
        }
        let jwks = try await document(jwksURI, what: "JWKS of issuer '\(issuer)'")
        guard case .array(let keys)? = jwks["keys"] else {
            throw IssuerFetchError("The JWKS of issuer '\(issuer)' has no keys array.")
        }
        return Array(keys.filter { if case .object = $0 { true } else { false } }.prefix(policy.maxKeys))
    }

    private func document(_ url: String, what: String) async throws -> JSONValue {
        let data: Data
        do {
            data = try await fetcher.fetch(url, maxBytes: policy.maxBytes, timeout: policy.timeout)
        } catch let error as IssuerFetchError {
            throw IssuerFetchError("The \(what) could not be fetched: \(error.description)")
        } catch {
            throw IssuerFetchError("The \(what) could not be fetched (\(url) is unreachable or did not answer in time).")
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object = value else {
            throw IssuerFetchError("The \(what) is not a JSON object.")
        }
        return value
    }

    private func seconds() -> Int64 {
        let value = clock.now().timeIntervalSince1970.rounded(.down)
        guard value.isFinite, value > -1e15, value < 1e15 else { return 0 }
        return Int64(value)
    }
}
