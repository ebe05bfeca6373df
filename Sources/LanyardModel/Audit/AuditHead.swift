/// The head of a tenant's audit log: how many events it holds and how many of the oldest were pruned.
public struct AuditHead: Sendable, Hashable {
    /// The number of events ever appended (the last sequence number).
    public var size: Int64
    /// Events `1 ... prunedThrough` keep only their leaf hash (0 when nothing was pruned).
    public var prunedThrough: Int64

    public init(size: Int64, prunedThrough: Int64) {
        self.size = size
        self.prunedThrough = prunedThrough
    }
}
