import Foundation
import LanyardCredentials
import LanyardModel
import Testing

@Suite("In-memory revocation and replay state")
struct RevocationListTests {
    @Test("a revoked jti stays revoked until pruned after its expiry")
    func byJTI() {
        let list = RevocationList()
        list.revoke(jti: "a", expiresAt: 100)
        #expect(list.isRevoked(jti: "a", identity: "i", issuedAt: 1))
        #expect(!list.isRevoked(jti: "b", identity: "i", issuedAt: 1))
        list.prune(now: 99)
        #expect(list.count == 1)
        list.prune(now: 100)
        #expect(list.count == 0)
    }

    @Test("an identity cut-off revokes its tokens issued at or before it, not later ones")
    func byIdentity() {
        let list = RevocationList()
        list.revokeIdentity("i", at: 50)
        #expect(list.isRevoked(jti: "x", identity: "i", issuedAt: 50))
        #expect(!list.isRevoked(jti: "y", identity: "i", issuedAt: 51))
        #expect(!list.isRevoked(jti: "z", identity: "other", issuedAt: 10))
        list.revokeIdentity("i", at: 40)  // never moves back
        #expect(list.isRevoked(jti: "x", identity: "i", issuedAt: 45))
    }

    @Test("an assertion id is accepted once until it expires, and a full cache fails closed")
    func replay() {
        let cache = ReplayCache(capacity: 2)
        #expect(cache.insert("a", expiresAt: 10, now: 0))
        #expect(!cache.insert("a", expiresAt: 10, now: 5))
        #expect(cache.insert("b", expiresAt: 10, now: 5))
        #expect(!cache.insert("c", expiresAt: 10, now: 5))
        #expect(cache.insert("c", expiresAt: 30, now: 20))  // a and b expired and were dropped
    }
}

@Suite("Task and parent revocation")
struct TaskRevocationTests {
    @Test("an ended task revokes every token bound to it, and only those, until pruned after its expiry")
    func byTask() {
        let list = RevocationList()
        list.revokeTask("tsk_a", expiresAt: 100)
        #expect(list.isRevoked(jti: "x", identity: "i", issuedAt: 50, task: "tsk_a"))
        #expect(!list.isRevoked(jti: "x", identity: "i", issuedAt: 50, task: "tsk_b"))
        #expect(!list.isRevoked(jti: "x", identity: "i", issuedAt: 50))
        list.prune(now: 100)
        #expect(!list.isRevoked(jti: "x", identity: "i", issuedAt: 50, task: "tsk_a"))
    }

    @Test("a token whose parent is revoked is revoked")
    func byParent() {
        let list = RevocationList()
        list.revoke(jti: "parent", expiresAt: 100)
        #expect(list.isRevoked(jti: "child", identity: "i", issuedAt: 1, parent: "parent"))
        #expect(!list.isRevoked(jti: "child", identity: "i", issuedAt: 1, parent: "other"))
    }

    @Test("the act claim nests prior actors and round-trips through JSON")
    func actorClaim() throws {
        let claim = ActorClaim(sub: "idn_b", act: ActorClaim(sub: "idn_a", act: nil))
        #expect(claim.depth == 2)
        let data = try JSONEncoder().encode(claim)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"act\":{\"sub\":\"idn_a\"}"))
        #expect(try JSONDecoder().decode(ActorClaim.self, from: data) == claim)
    }
}
