public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel
import MerkleLog

/// The tamper-evident side of the audit trail: signed checkpoints of each tenant's Merkle log, inclusion and
/// consistency proofs, the published log key, and retention behind a checkpoint.
///
/// A checkpoint is a C2SP `tlog-checkpoint` (see ``CheckpointNote``) signed as a ``SignedNote`` by the tenant's
/// Ed25519 log key under the key name = origin = `{issuer without scheme}/audit`.
public struct AuditLedger: Sendable {
    let store: any LanyardStore
    let keys: AuditKeys
    let trees: AuditTrees
    let clock: any WallClock
    let publicURL: String
    let witness: AuditWitnessFile?

    /// - Parameters:
    ///   - publicURL: the server's external base URL; tenant issuers are `{publicURL}/t/{tenant}`.
    ///   - witnessFile: a file every new checkpoint is appended to (one JSON line each), or nil.
    public init(store: any LanyardStore, keys: AuditKeys, clock: any WallClock, publicURL: String, witnessFile: String? = nil) {
        self.store = store
        self.keys = keys
        self.trees = AuditTrees(store: store)
        self.clock = clock
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.witness = witnessFile.map(AuditWitnessFile.init(path:))
    }

    /// The checkpoint origin (and log key name) of `tenant`: its issuer without the scheme, then `/audit`.
    public func origin(tenant: String) -> String {
        var base = Substring(publicURL)
        if let scheme = base.range(of: "://") { base = base[scheme.upperBound...] }
        return "\(base)/t/\(tenant)/audit"
    }

    // MARK: Checkpoints

    /// Signs and stores a checkpoint of everything committed now, on demand; returns it (or the stored one when the
    /// log has not grown since).
    public func checkpoint(tenant: String, by principal: Principal) async throws -> AuditCheckpointRecord {
        try AdminRoles.require(.auditCheckpointSign, principal, tenant: tenant)
        try await requireTenant(tenant)
        return try await makeCheckpoint(tenant: tenant)
    }

    /// A checkpoint for every tenant whose log grew since its latest one (the periodic job). One tenant's failure
    /// does not keep the others from their checkpoints.
    ///
    /// - Returns: the tenants that failed, with their errors.
    public func checkpointAll() async throws -> [(tenant: String, error: any Error)] {
        var failures: [(tenant: String, error: any Error)] = []
        for tenant in try await store.read({ try await $0.tenants() }) {
            do {
                _ = try await makeCheckpoint(tenant: tenant.name)
            } catch {
                failures.append((tenant.name, error))
            }
        }
        return failures
    }

    /// The latest checkpoint of `tenant` (public). Made now when the tenant has none yet.
    public func latestCheckpoint(tenant: String) async throws -> AuditCheckpointRecord {
        try await requireTenant(tenant)
        if let latest = try await store.read({ try await $0.latestAuditCheckpoint(tenant: tenant) }) { return latest }
        return try await makeCheckpoint(tenant: tenant)
    }

    /// Every stored checkpoint of `tenant`, smallest first.
    public func checkpoints(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<AuditCheckpointRecord> {
        try AdminRoles.require(.auditCheckpointList, principal, tenant: tenant)
        try page.requireLimit(maximum: 1000)
        let list = "audit-checkpoints"
        let after = try page.cursor.map { try PageCursor.decodeNumber($0, list: list) } ?? 0
        let fetched = try await store.read { try await $0.auditCheckpoints(tenant: tenant, afterSize: after, limit: page.limit + 1) }
        return Page(fetched: fetched, limit: page.limit, list: list) { [String($0.size)] }
    }

    /// The verifier key of the tenant's log (public): `<origin>+<key id hex>+<base64(0x01 ‖ Ed25519 public key)>`.
    public func logKey(tenant: String) async throws -> String {
        try await requireTenant(tenant)
        let opened = try await keys.keys(tenant: tenant, store: store, now: clock.now())
        return SignedNote.verifierKey(name: origin(tenant: tenant), publicKey: opened.publicKey)
    }

    func makeCheckpoint(tenant: String) async throws -> AuditCheckpointRecord {
        let now = clock.now()
        let opened = try await keys.keys(tenant: tenant, store: store, now: now)
        let (size, rootHash) = try await trees.head(tenant: tenant)
        if let latest = try await store.read({ try await $0.latestAuditCheckpoint(tenant: tenant) }), latest.size >= size {
            return latest
        }
        let body = CheckpointNote(origin: origin(tenant: tenant), size: size, rootHash: rootHash, time: AuditEvent.seconds(of: now))
        let note = try SignedNote.sign(body.text, keyName: body.origin, key: opened.logKey).rendered
        let record = AuditCheckpointRecord(tenant: tenant, size: size, createdAt: now, note: note)
        let stored = try await store.write { try await $0.insertAuditCheckpoint(record) }
        guard stored else {
            // A concurrent caller stored this size first; theirs is the checkpoint.
            return try await store.read { try await $0.latestAuditCheckpoint(tenant: tenant) } ?? record
        }
        try witness?.append(record)
        return record
    }

    // MARK: Proofs

    /// The inclusion proof of event `sequence` in the checkpoint of `size` (the latest when nil; a new one is made
    /// when the latest does not cover the event yet).
    public func inclusionProof(tenant: String, sequence: Int64, size: Int64?, by principal: Principal) async throws -> AuditInclusionProof {
        try AdminRoles.require(.auditProof, principal, tenant: tenant)
        guard sequence >= 1 else { throw LanyardError.invalid("event", "event must be a sequence number (1 or more).") }
        let checkpoint: AuditCheckpointRecord
        if let size {
            let all = try await store.read { try await $0.auditCheckpoints(tenant: tenant) }
            guard let match = all.first(where: { $0.size == size }) else {
                throw LanyardError(.notFound, "Tenant '\(tenant)' has no checkpoint of size \(size).")
            }
            checkpoint = match
        } else {
            let latest = try await latestCheckpoint(tenant: tenant)
            checkpoint = latest.size >= sequence ? latest : try await makeCheckpoint(tenant: tenant)
        }
        guard sequence <= checkpoint.size else {
            throw LanyardError(.notFound, "Event \(sequence) is not in the log of tenant '\(tenant)' (checkpoint size \(checkpoint.size)).")
        }
        let tree = try await trees.current(tenant: tenant)
        let stored = try await store.read { try await $0.auditLeaves(tenant: tenant, after: sequence - 1, limit: 1, content: true) }
        guard let leaf = stored.first, leaf.sequence == sequence else {
            throw LanyardError(.notFound, "Event \(sequence) of tenant '\(tenant)' is not stored.")
        }
        let proof = try merkle { () throws(MerkleError) in try tree.inclusionProof(leafIndex: UInt64(sequence - 1), size: UInt64(checkpoint.size)) }
        return AuditInclusionProof(
            sequence: sequence, leafIndex: sequence - 1, treeSize: checkpoint.size, leaf: leaf.leaf,
            leafHash: AuditLeafHash.encode(leaf.leafHash), proof: proof.map(AuditLeafHash.encode), checkpoint: checkpoint.note)
    }

    /// The consistency proof between the log at size `from` and at size `to` (`1 <= from <= to <= size`).
    public func consistencyProof(tenant: String, from: Int64, to: Int64, by principal: Principal) async throws -> AuditConsistencyProof {
        try AdminRoles.require(.auditConsistency, principal, tenant: tenant)
        let tree = try await trees.current(tenant: tenant)
        guard from >= 1, from <= to, to <= Int64(tree.size) else {
            throw LanyardError.invalid("from", "from and to must satisfy 1 <= from <= to <= \(tree.size), the size of the log.")
        }
        let proof = try merkle { () throws(MerkleError) in try tree.consistencyProof(from: UInt64(from), to: UInt64(to)) }
        let fromRoot = try merkle { () throws(MerkleError) in try tree.rootHash(size: UInt64(from)) }
        let toRoot = try merkle { () throws(MerkleError) in try tree.rootHash(size: UInt64(to)) }
        let checkpoints = try await store.read { try await $0.auditCheckpoints(tenant: tenant) }
        return AuditConsistencyProof(
            from: from, to: to, fromRoot: AuditLeafHash.encode(fromRoot), toRoot: AuditLeafHash.encode(toRoot),
            proof: proof.map(AuditLeafHash.encode), fromCheckpoint: checkpoints.first { $0.size == from }?.note,
            toCheckpoint: checkpoints.first { $0.size == to }?.note)
    }

    /// A page of stored leaves (for export and offline verification), in sequence order, after sequence number
    /// `after` and after the leaf `page.cursor` names, whichever is later.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... 1000`; `invalid_cursor` for a cursor of another list.
    public func leaves(tenant: String, after: Int64, page: PageRequest, by principal: Principal) async throws -> Page<AuditLeafRecord> {
        try AdminRoles.require(.auditLeaves, principal, tenant: tenant)
        try page.requireLimit(maximum: 1000)
        let list = "audit-leaves"
        let start = max(after, try page.cursor.map { try PageCursor.decodeNumber($0, list: list) } ?? 0, 0)
        let fetched = try await store.read { try await $0.auditLeaves(tenant: tenant, after: start, limit: page.limit + 1, content: true) }
        return Page(fetched: fetched, limit: page.limit, list: list) { [String($0.sequence)] }
    }

    // MARK: Retention

    /// Drops the content of the events recorded before `before` that lie behind the latest checkpoint (made now
    /// when needed). Their leaf hashes stay, so every later checkpoint and proof still verifies.
    public func prune(tenant: String, before: Date, by principal: Principal) async throws -> AuditPruneResult {
        try AdminRoles.require(.auditPrune, principal, tenant: tenant)
        let checkpoint = try await makeCheckpoint(tenant: tenant)
        let through = try await store.write { try await $0.pruneAuditEvents(tenant: tenant, before: before, upTo: checkpoint.size) }
        return AuditPruneResult(prunedThrough: through, checkpointSize: checkpoint.size)
    }

    private func requireTenant(_ tenant: String) async throws {
        guard try await store.read({ try await $0.tenant(named: tenant) }) != nil else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
    }

    private func merkle<T>(_ body: () throws(MerkleError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw LanyardError(.internal, "The audit tree refused a request it should accept: \(error.message)")
        }
    }
}
