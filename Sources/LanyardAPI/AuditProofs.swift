public import LanyardModel
/// An inclusion proof of one audit event in a checkpoint (RFC 9162 §2.1.3), with everything needed to check it:
/// the leaf bytes, the proof, and the signed checkpoint. Hashes are standard base64.
public struct AuditInclusionProof: Sendable, Hashable, Codable {
    public var sequence: Int64
    /// `sequence - 1`.
    public var leafIndex: Int64
    /// The checkpoint's tree size.
    public var treeSize: Int64
    /// The canonical leaf text; absent when the event was pruned.
    public var leaf: String?
    public var leafHash: String
    /// Sibling hashes from the leaf upwards.
    public var proof: [String]
    /// The signed checkpoint note the proof leads to.
    public var checkpoint: String

    public init(
        sequence: Int64, leafIndex: Int64, treeSize: Int64, leaf: String?, leafHash: String, proof: [String], checkpoint: String
    ) {
        self.sequence = sequence
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.leaf = leaf
        self.leafHash = leafHash
        self.proof = proof
        self.checkpoint = checkpoint
    }
}

/// A consistency proof between two sizes of a tenant's audit log (RFC 9162 §2.1.4), with the stored checkpoints of
/// those sizes when there are some.
public struct AuditConsistencyProof: Sendable, Hashable, Codable {
    public var from: Int64
    public var to: Int64
    public var fromRoot: String
    public var toRoot: String
    public var proof: [String]
    public var fromCheckpoint: String?
    public var toCheckpoint: String?

    public init(
        from: Int64, to: Int64, fromRoot: String, toRoot: String, proof: [String], fromCheckpoint: String?, toCheckpoint: String?
    ) {
        self.from = from
        self.to = to
        self.fromRoot = fromRoot
        self.toRoot = toRoot
        self.proof = proof
        self.fromCheckpoint = fromCheckpoint
        self.toCheckpoint = toCheckpoint
    }
}

/// A page of stored audit leaves (for export and offline verification).
public struct AuditLeafList: Sendable, Hashable, Codable {
    public var leaves: [Entry]

    /// One leaf: its sequence number, canonical text (absent once pruned) and leaf hash (base64).
    public struct Entry: Sendable, Hashable, Codable {
        public var sequence: Int64
        public var leaf: String?
        public var leafHash: String
        public init(sequence: Int64, leaf: String?, leafHash: String) {
            self.sequence = sequence
            self.leaf = leaf
            self.leafHash = leafHash
        }
    }

    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?

    public init(leaves: [Entry], next: String? = nil) {
        self.leaves = leaves
        self.next = next
    }
}

/// The checkpoints of a tenant's audit log, smallest first.
public struct AuditCheckpointList: Sendable, Hashable, Codable {
    public var checkpoints: [AuditCheckpointRecord]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(checkpoints: [AuditCheckpointRecord], next: String? = nil) {
        self.checkpoints = checkpoints
        self.next = next
    }
}

/// What `POST …/audit/prune` did.
public struct AuditPruneResult: Sendable, Hashable, Codable {
    /// Events `1 ... prunedThrough` now keep only their leaf hashes.
    public var prunedThrough: Int64
    /// The checkpoint the pruned prefix lies behind.
    public var checkpointSize: Int64
    public init(prunedThrough: Int64, checkpointSize: Int64) {
        self.prunedThrough = prunedThrough
        self.checkpointSize = checkpointSize
    }
}

/// `POST …/audit/prune`: drop the content of events recorded before `before` (behind a checkpoint).
public struct AuditPruneRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// RFC 3339 UTC time or a date, such as `2026-01-01`.
    public var before: String
    public static let allowedFields: Set<String> = ["before"]
    public init(before: String) { self.before = before }
}
