import Foundation
import LanyardModel
import Synchronization
import Testing

@testable import LanyardCore

@Suite("Identity cache")
struct IdentityCacheTests {
    final class FakeClock: Sendable {
        let nanos = Mutex<UInt64>(1_000)
        func advance(_ delta: UInt64) { nanos.withLock { $0 += delta } }
        func now() -> UInt64 { nanos.withLock { $0 } }
    }

    static func identity(_ id: String, owner: String = "alice") -> Identity {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Identity(
            id: id, tenant: "t1", name: id, kind: .agent, owner: owner, backupOwner: nil, purpose: "p", environment: .dev,
            dataClass: .internal, stage: .managed, status: .active, template: "agent", spiffeId: "spiffe://td/agent/\(id)",
            allowedDestinations: [], publicKeys: [], offboardingTrigger: .expiry, offboardReason: nil, createdAt: now, updatedAt: now,
            expiresAt: now.addingTimeInterval(3600), createdBy: "test")
    }

    @Test("an entry is served until its time to live is over")
    func expiry() {
        let clock = FakeClock()
        let cache = IdentityCache(ttl: 100, now: { clock.now() })
        let key = TenantScopedKey(tenant: "t1", id: "idn_a")
        cache.store(Self.identity("idn_a"), generation: cache.generation)
        #expect(cache.lookup(key)?.id == "idn_a")
        clock.advance(99)
        #expect(cache.lookup(key) != nil)
        clock.advance(1)
        #expect(cache.lookup(key) == nil)
        #expect(cache.lookup(TenantScopedKey(tenant: "t2", id: "idn_a")) == nil)
    }

    @Test("a read that raced with a write is not cached")
    func racingReadIsDropped() {
        let cache = IdentityCache()
        let key = TenantScopedKey(tenant: "t1", id: "idn_a")
        let before = cache.generation  // a reader starts …
        cache.invalidate([key])  // … a writer's committed change is applied …
        cache.store(Self.identity("idn_a", owner: "stale"), generation: before)  // … the reader's old row is dropped
        #expect(cache.lookup(key) == nil)

        let during = cache.generation  // a reader that read before the commit and stored before the change arrived …
        cache.store(Self.identity("idn_a", owner: "stale"), generation: during)
        #expect(cache.lookup(key)?.owner == "stale")
        cache.invalidate([key])  // … is forgotten when the change is applied
        #expect(cache.lookup(key) == nil)

        let after = cache.generation
        cache.store(Self.identity("idn_a", owner: "fresh"), generation: after)
        #expect(cache.lookup(key)?.owner == "fresh")
    }

    @Test("a full cache starts over instead of growing")
    func capacity() {
        let cache = IdentityCache(capacity: 2)
        for id in ["idn_a", "idn_b", "idn_c"] { cache.store(Self.identity(id), generation: cache.generation) }
        #expect(cache.lookup(TenantScopedKey(tenant: "t1", id: "idn_c")) != nil)
        #expect(cache.lookup(TenantScopedKey(tenant: "t1", id: "idn_a")) == nil)
    }
}
