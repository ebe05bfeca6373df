import LanyardModel
import MerkleLog

/// The Merkle tree of each tenant's audit log, in memory: built from the stored leaf hashes on first use and
/// brought up to date with the committed leaves (in sequence order) before each use. Reading only committed rows
/// means a leaf enters the tree only after its transaction is durable.
actor AuditTrees {
    typealias Tree = MerkleTree<RFC9162SHA256Hasher>

    private let store: any LanyardStore
    private var trees: [String: Tree] = [:]
    /// Leaf hashes read per query while catching up.
    static let page = 10_000

    init(store: any LanyardStore) { self.store = store }

    /// The tenant's tree with every committed event.
    ///
    /// - Throws: `internal_error` when the stored sequence numbers have a gap or a leaf hash is malformed (the log
    ///   was altered; `lanyard audit verify` names where).
    func current(tenant: String) async throws -> Tree {
        var tree = trees[tenant] ?? Tree()
        while true {
            let from = Int64(tree.size)
            let page = try await store.read { try await $0.auditLeaves(tenant: tenant, after: from, limit: Self.page, content: false) }
            // Another caller may have caught up while this one waited (actor reentrancy): start from the larger tree.
            if let newer = trees[tenant], newer.size > tree.size {
                tree = newer
                continue
            }
            for leaf in page {
                let expected = Int64(tree.size) + 1
                guard leaf.sequence == expected else {
                    throw LanyardError(
                        .internal, "The audit log of tenant '\(tenant)' has no event \(expected); run `lanyard audit verify`.")
                }
                do {
                    try tree.append(leafHash: leaf.leafHash)
                } catch {
                    throw LanyardError(
                        .internal, "The stored leaf hash of event \(expected) of tenant '\(tenant)' is malformed; run `lanyard audit verify`.")
                }
            }
            trees[tenant] = tree
            if page.count < Self.page { return tree }
        }
    }
}
