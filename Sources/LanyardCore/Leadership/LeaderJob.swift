/// Work that exactly one node should do at a time (sweeps, checkpoints, renewals): run by ``LeaderJobs`` in
/// passes, only while this node leads.
///
/// A pass MUST be safe to run twice at once (on two nodes) with the same outcome as once: leadership is checked
/// before each pass, but a pass already under way when the lock is lost finishes. Each job makes its writes
/// conditional (a row lock, a conditional update, a compare-and-set) so that the second runner changes nothing.
public protocol LeaderJob: Sendable {
    /// A short name for logs (`expiry-sweep`).
    var name: String { get }
    /// Time between two passes while leading. The first pass runs as soon as this node becomes the leader.
    var interval: Duration { get }
    /// Whether one more pass runs at graceful shutdown, while this node still leads.
    var passAtShutdown: Bool { get }
    /// One pass. A thrown error is logged, and the next pass comes at the next interval.
    func runPass() async throws
}

extension LeaderJob {
    public var passAtShutdown: Bool { false }
}
