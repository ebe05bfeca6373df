/// One stored leaf of a tenant's audit log, as a verifier reads it.
public struct AuditLeafRecord: Sendable, Hashable {
    /// The event's sequence number (leaf index + 1).
    public var sequence: Int64
    /// The canonical leaf text; nil once the event was pruned (only its hash remains).
    public var leaf: String?
    /// `SHA-256(0x00 ‖ leaf)`, 32 bytes.
    public var leafHash: [UInt8]
    /// The searchable columns stored next to the leaf; a verifier checks that they agree with it.
    public var columns: Columns?

    /// The stored columns an index serves (who, what, which object, when, and the decision detail).
    public struct Columns: Sendable, Hashable {
        public var atSeconds: Int64
        public var actor: String
        public var action: String
        public var target: String
        /// The event's `decision` detail, copied for searching; nil when it has none.
        public var decision: String?
        public init(atSeconds: Int64, actor: String, action: String, target: String, decision: String? = nil) {
            self.atSeconds = atSeconds
            self.actor = actor
            self.action = action
            self.target = target
            self.decision = decision
        }
    }

    public init(sequence: Int64, leaf: String?, leafHash: [UInt8], columns: Columns? = nil) {
        self.sequence = sequence
        self.leaf = leaf
        self.leafHash = leafHash
        self.columns = columns
    }
}
