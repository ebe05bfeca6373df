import Foundation
public import LanyardModel
import Synchronization

/// A tenant as the edge resolves it from `/t/{tenant}`, once per request: its name, SPIFFE trust domain and
/// issuer URLs.
public struct TenantScope: Sendable, Hashable {
    public var name: String
    public var trustDomain: String
    public var urls: IssuerURLs

    public init(name: String, trustDomain: String, urls: IssuerURLs) {
        self.name = name
        self.trustDomain = trustDomain
        self.urls = urls
    }

    /// The one answer for a tenant that does not exist.
    public static func notFound(_ name: String) -> LanyardError {
        LanyardError(.notFound, "There is no tenant named '\(name.prefix(64))'.")
    }
}

/// Which tenants exist, answered from memory once seen: tenants are created but never deleted, so a tenant seen
/// once stays valid; a name not found is asked of the store again next time (it may have been created since, on
/// this node or another).
public final class TenantDirectory: Sendable {
    let store: any LanyardStore
    private let known = Mutex([String: Tenant]())

    public init(store: any LanyardStore) {
        self.store = store
    }

    /// The tenant named `name`, or `nil`.
    public func tenant(named name: String) async throws -> Tenant? {
        if let found = known.withLock({ $0[name] }) { return found }
        guard name.utf8.count <= 64, let found = try await store.read({ session in try await session.tenant(named: name) }) else { return nil }
        known.withLock { known in
            if known.count >= 100_000 { known.removeAll(keepingCapacity: true) }
            known[name] = found
        }
        return found
    }
}
