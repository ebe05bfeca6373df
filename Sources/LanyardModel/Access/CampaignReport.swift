public import Foundation

/// The outcome of a ``ReviewCampaign``, computed from its items: counts per decision, how much was decided, and how
/// long reviewers took (from an item's creation to its decision).
public struct CampaignReport: Sendable, Hashable, Codable {
    public var total: Int
    public var certified: Int
    public var revoked: Int
    public var transferred: Int
    /// Closed undecided at the deadline and revoked.
    public var undecidedRevoked: Int
    /// Closed undecided at the deadline and suspended.
    public var undecidedSuspended: Int
    /// Neither decided nor closed yet.
    public var open: Int
    /// Items a reviewer decided, divided by the total (1 for a campaign without items).
    public var completion: Double
    /// Median seconds from an item's creation to its decision (nearest rank); `nil` without decisions.
    public var medianTimeToDecide: TimeInterval?
    /// 95th percentile of the same (nearest rank); `nil` without decisions.
    public var p95TimeToDecide: TimeInterval?

    /// The report of `items`.
    public init(items: [ReviewItem]) {
        total = items.count
        var certified = 0
        var revoked = 0
        var transferred = 0
        var undecidedRevoked = 0
        var undecidedSuspended = 0
        var times: [TimeInterval] = []
        for item in items {
            if let decision = item.decision {
                switch decision {
                case .certify: certified += 1
                case .revoke: revoked += 1
                case .transfer: transferred += 1
                }
                if let at = item.decidedAt { times.append(Swift.max(0, at.timeIntervalSince(item.createdAt))) }
            } else if let action = item.undecidedAction {
                switch action {
                case .revoke: undecidedRevoked += 1
                case .suspend: undecidedSuspended += 1
                }
            }
        }
        self.certified = certified
        self.revoked = revoked
        self.transferred = transferred
        self.undecidedRevoked = undecidedRevoked
        self.undecidedSuspended = undecidedSuspended
        let decided = certified + revoked + transferred
        open = total - decided - undecidedRevoked - undecidedSuspended
        completion = total == 0 ? 1 : Double(decided) / Double(total)
        times.sort()
        medianTimeToDecide = Self.nearestRank(times, percent: 50)
        p95TimeToDecide = Self.nearestRank(times, percent: 95)
    }

    /// The nearest-rank percentile of sorted `values`: the smallest value with at least `percent`% of values at or
    /// below it.
    static func nearestRank(_ values: [TimeInterval], percent: Int) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let rank = (values.count * percent + 99) / 100
        return values[Swift.min(Swift.max(rank, 1), values.count) - 1]
    }
}
