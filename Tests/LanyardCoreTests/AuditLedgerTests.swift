import Foundation
import LanyardAudit
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardTesting
import Logging
import MerkleLog
import Testing
import LanyardStorage

@Suite("The audit ledger: checkpoints, proofs, secrets")
struct AuditLedgerTests {
    func register(_ env: TestEnvironment, _ count: Int, prefix: String = "bot") async throws {
        for index in 0..<count {
            _ = try await env.inventory.register(
                RegisterIdentityRequest(name: "\(prefix)\(index)", kind: "agent", owner: "alice", purpose: "p"), tenant: "default",
                by: env.platformAdmin)
        }
    }

    func logKey(_ env: TestEnvironment) async throws -> [UInt8] {
        try #require(SignedNote.parseVerifierKey(try await env.ledger.logKey(tenant: "default"))).publicKey
    }

    @Test("a checkpoint is a signed note over origin, size, root and time, and covers every committed event")
    func checkpoint() async throws {
        let env = try await TestEnvironment.make()
        try await register(env, 5)
        let record = try await env.ledger.checkpoint(tenant: "default", by: env.platformAdmin)
        let note = try SignedNote(parsing: record.note)
        let body = try CheckpointNote(parsing: note.text)
        #expect(body.origin == "lanyard.test/t/default/audit")
        #expect(body.size == 7 && record.size == 7, "2 bootstrap events and 5 registrations")
        #expect(body.time == AuditEvent.seconds(of: env.clock.now()))
        #expect(note.isSigned(keyName: body.origin, publicKey: try await logKey(env)))
        var tree = MerkleTree()
        for leaf in try await env.store.read({ try await $0.auditLeaves(tenant: "default", after: 0, limit: 100, content: true) }) {
            try tree.append(leafData: Array(try #require(leaf.leaf).utf8))
        }
        #expect(tree.rootHash == body.rootHash, "the root is RFC 9162 MTH over the canonical leaf bytes")
        let again = try await env.ledger.checkpoint(tenant: "default", by: env.platformAdmin)
        #expect(again == record, "no new checkpoint while the log has not grown")
    }

    @Test("every event has an inclusion proof that checks against the signed checkpoint, and proofs of other events fail")
    func inclusion() async throws {
        let env = try await TestEnvironment.make()
        try await register(env, 9)
        let key = try await logKey(env)
        for sequence in Int64(1)...11 {
            let proof = try await env.ledger.inclusionProof(tenant: "default", sequence: sequence, size: nil, by: env.platformAdmin)
            #expect(proof.treeSize == 11 && proof.leafIndex == sequence - 1)
            _ = try proof.verify(publicKey: key)
        }
        var swapped = try await env.ledger.inclusionProof(tenant: "default", sequence: 3, size: nil, by: env.platformAdmin)
        swapped.leaf = try await env.ledger.inclusionProof(tenant: "default", sequence: 4, size: nil, by: env.platformAdmin).leaf
        #expect(throws: LanyardError.self) { try swapped.verify(publicKey: key) }
        await #expect(throws: LanyardError.self) {
            try await env.ledger.inclusionProof(tenant: "default", sequence: 12, size: nil, by: env.platformAdmin)
        }
    }

    @Test("a proof against an older checkpoint and the consistency proof to a newer one both check")
    func consistency() async throws {
        let env = try await TestEnvironment.make()
        try await register(env, 3)
        let old = try await env.ledger.checkpoint(tenant: "default", by: env.platformAdmin)
        try await register(env, 4, prefix: "late")
        let new = try await env.ledger.checkpoint(tenant: "default", by: env.platformAdmin)
        let proof = try await env.ledger.inclusionProof(tenant: "default", sequence: 2, size: old.size, by: env.platformAdmin)
        #expect(try proof.verify(publicKey: try await logKey(env)).size == old.size)
        let oldRoot = try CheckpointNote(parsing: try SignedNote(parsing: old.note).text).rootHash
        let newRoot = try CheckpointNote(parsing: try SignedNote(parsing: new.note).text).rootHash
        let consistency = try await env.ledger.consistencyProof(tenant: "default", from: old.size, to: new.size, by: env.platformAdmin)
        #expect(consistency.fromCheckpoint == old.note && consistency.toCheckpoint == new.note)
        try MerkleVerifier().verifyConsistency(
            size1: UInt64(old.size), size2: UInt64(new.size), root1: oldRoot, root2: newRoot,
            proof: consistency.proof.compactMap(AuditLeafHash.decode))
        try AuditProofCheck.consistency(
            from: consistency.from, to: consistency.to, fromRoot: consistency.fromRoot, toRoot: consistency.toRoot, proof: consistency.proof,
            fromCheckpoint: consistency.fromCheckpoint, toCheckpoint: consistency.toCheckpoint, publicKey: try await logKey(env))
    }

    @Test("secrets are stored only as HMACs under the tenant key: equal values match, the value itself never appears")
    func secrets() async throws {
        let env = try await TestEnvironment.make()
        let now = env.clock.now()
        try await env.store.write { session in
            for value in ["hunter2", "hunter2", "other"] {
                try await env.audit.record(
                    AuditEvent(tenant: "default", at: now, actor: "a", action: "test.secret", target: "t", secrets: ["presented": value]),
                    in: session)
            }
        }
        let events = try await env.events().filter { $0.action == "test.secret" }
        let hashes = events.compactMap { $0.details["presented"] }
        #expect(hashes.count == 3 && hashes.allSatisfy { $0.hasPrefix("hmac-sha256:") })
        #expect(hashes[0] == hashes[1] && hashes[0] != hashes[2])
        let leaves = try await env.store.read { try await $0.auditLeaves(tenant: "default", after: 0, limit: 100, content: true) }
        #expect(!leaves.contains { $0.leaf?.contains("hunter2") ?? false })
        let withoutKeys = StoreAuditLog()
        await #expect(throws: LanyardError.self) {
            try await env.store.write { session in
                try await withoutKeys.record(
                    AuditEvent(tenant: "default", at: now, actor: "a", action: "x", target: "t", secrets: ["s": "v"]), in: session)
            }
        }
    }

    @Test("a tenant administrator cannot read another tenant's proofs or make its checkpoints")
    func isolation() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let other = Principal(tokenId: "tok_x", role: .tenantAdmin, tenant: "other")
        await #expect(throws: LanyardError.self) { try await env.ledger.checkpoint(tenant: "default", by: other) }
        await #expect(throws: LanyardError.self) {
            try await env.ledger.inclusionProof(tenant: "default", sequence: 1, size: nil, by: other)
        }
    }
}

@Suite("The checkpointer job")
struct AuditCheckpointerTests {
    @Test("as the leader's job it signs a checkpoint at once and again after the log grows, for every tenant")
    func periodic() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let leadership = Leadership(lock: SimulatedLeaderLock().node(), campaignInterval: .milliseconds(20), logger: Logger(label: "test"))
        let jobs = LeaderJobs(
            leadership: leadership, jobs: [AuditCheckpointer(ledger: env.ledger, interval: .milliseconds(20), logger: Logger(label: "test"))],
            logger: Logger(label: "test"))
        let running = Task {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await leadership.run() }
                group.addTask { try await jobs.run() }
            }
        }
        defer { running.cancel() }
        func latest(_ tenant: String) async throws -> Int64? {
            try await env.store.read { try await $0.latestAuditCheckpoint(tenant: tenant) }?.size
        }
        func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
            for _ in 0..<250 {
                if try await condition() { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        let started = try await eventually {
            let mine = try await latest("default")
            let theirs = try await latest("other")
            return mine == 2 && theirs == 2  // each: tenant.create and admin_token.create
        }
        let sizes = (try await latest("default"), try await latest("other"))
        #expect(started, "latest sizes: \(String(describing: sizes))")
        _ = try await env.inventory.register(
            RegisterIdentityRequest(name: "late", kind: "agent", owner: "alice", purpose: "p"), tenant: "default", by: env.platformAdmin)
        let grew = try await eventually { try await latest("default") == 3 }
        let after = try await latest("default")
        #expect(grew, "latest size: \(String(describing: after))")
    }
}

extension AuditInclusionProof {
    /// The check `lanyard audit proof` makes (LanyardAudit works on the published fields).
    fileprivate func verify(publicKey: [UInt8]?) throws -> CheckpointNote {
        try AuditProofCheck.inclusion(
            sequence: sequence, leafIndex: leafIndex, treeSize: treeSize, leaf: leaf, leafHash: leafHash, proof: proof, checkpoint: checkpoint,
            publicKey: publicKey)
    }
}
