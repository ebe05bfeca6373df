import LanyardModel
import MerkleLog

/// Each tenant's audit log as a Merkle tree in memory, brought up to date with the committed leaves (in sequence
/// order) before each use. Reading only committed rows means a leaf enters a tree only after its transaction is
/// durable, and every node of a PostgreSQL cluster sees every node's leaves.
///
/// Two shapes, so that signing checkpoints costs O(log n) memory however fast the log grows:
/// - the **frontier** (the tree's right edge) gives the size and root for checkpoints;
/// - the **full tree** (about 64 bytes per event) is built only when a proof is asked for, and then kept.
actor AuditTrees {
    typealias Tree = MerkleTree<RFC9162SHA256Hasher>

    private let store: any LanyardStore
    private var frontiers: [String: MerkleFrontier<RFC9162SHA256Hasher>] = [:]
    private var trees: [String: Tree] = [:]
    /// Leaf hashes read per query while catching up.
    static let page = 10_000

    init(store: any LanyardStore) { self.store = store }

    /// The size and root hash of the tenant's log with every committed event.
    func head(tenant: String) async throws -> (size: Int64, rootHash: [UInt8]) {
        var frontier = frontiers[tenant] ?? MerkleFrontier()
        try await catchUp(tenant: tenant, from: { Int64(frontier.size) }) { try frontier.append(leafHash: $0) }
        // Keep whichever is further along: another caller may have caught up while this one waited.
        if let other = frontiers[tenant], other.size > frontier.size { frontier = other }
        frontiers[tenant] = frontier
        return (Int64(frontier.size), frontier.rootHash)
    }

    /// The tenant's full tree with every committed event (for proofs).
    func current(tenant: String) async throws -> Tree {
        var tree = trees[tenant] ?? Tree()
        try await catchUp(tenant: tenant, from: { Int64(tree.size) }) { try tree.append(leafHash: $0) }
        if let other = trees[tenant], other.size > tree.size { tree = other }
        trees[tenant] = tree
        return tree
    }

    /// Reads the committed leaf hashes after `from()` and appends them in order until none are left.
    ///
    /// - Throws: `internal_error` when the stored sequence numbers have a gap or a leaf hash is malformed (the log
    ///   was altered; `lanyard audit verify` names where).
    private func catchUp(tenant: String, from: () -> Int64, append: (_ leafHash: [UInt8]) throws -> Void) async throws {
        while true {
            let start = from()
            let page = try await store.read { try await $0.auditLeaves(tenant: tenant, after: start, limit: Self.page, content: false) }
            for leaf in page {
                let expected = from() + 1
                guard leaf.sequence == expected else {
                    throw LanyardError(.internal, "The audit log of tenant '\(tenant)' has no event \(expected); run `lanyard audit verify`.")
                }
                do {
                    try append(leaf.leafHash)
                } catch {
                    throw LanyardError(
                        .internal, "The stored leaf hash of event \(expected) of tenant '\(tenant)' is malformed; run `lanyard audit verify`.")
                }
            }
            if page.count < Self.page { return }
        }
    }
}
