public import Foundation
public import LanyardModel
import Synchronization

/// A token bucket per door and tenant: each reported token takes one; the bucket refills at ``refillPerSecond`` up to
/// ``capacity``. One node's budget (several nodes each keep their own): it bounds the work a flood of reports causes,
/// as GitLab's revocation API expects (429 and retry), without refusing a real burst (a scanner's 200 findings).
public final class LeakRateLimiter: Sendable {
    /// Most tokens taken at once after a quiet period.
    public let capacity: Double
    /// Tokens regained per second.
    public let refillPerSecond: Double
    private struct Bucket {
        var level: Double
        var at: Date
    }
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets kept at most (doors × tenants); beyond it, full buckets are forgotten.
    static let maxBuckets = 10_000

    public init(capacity: Double = 1000, refillPerSecond: Double = 200) {
        self.capacity = max(1, capacity)
        self.refillPerSecond = max(0, refillPerSecond)
    }

    /// Takes `count` from the bucket of `door` and `tenant` at `now`; false (nothing taken) when it holds fewer.
    public func take(_ count: Int, door: LeakDoor, tenant: String, at now: Date) -> Bool {
        let key = "\(door.rawValue)\u{0}\(tenant)"
        let capacity = capacity
        let refill = refillPerSecond
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(level: capacity, at: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.at))
            bucket.level = min(capacity, bucket.level + elapsed * refill)
            bucket.at = now
            let wanted = Double(count)
            let granted = bucket.level >= wanted
            if granted { bucket.level -= wanted }
            if buckets.count >= Self.maxBuckets { buckets = buckets.filter { $0.value.level < capacity } }
            buckets[key] = bucket
            return granted
        }
    }
}
