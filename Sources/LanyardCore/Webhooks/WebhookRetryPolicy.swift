public import Foundation
public import LanyardModel

/// When a failed delivery is tried again: exponential backoff with full jitter — a delay drawn uniformly from
/// `1 s … min(cap, base · 2^(attempts − 1))` — until ``window`` has passed since the delivery's schedule began (its
/// queueing, or a manual redelivery); then it is dead.
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// The ceiling of the first retry's delay.
    public var base: Duration
    /// The largest ceiling any retry's delay has.
    public var cap: Duration
    /// How long after queueing a delivery is still tried.
    public var window: Duration

    /// The defaults: 5 s doubling to at most 1 h, for 24 h.
    public static let standard = WebhookRetryPolicy(base: .seconds(5), cap: .seconds(3600), window: .seconds(86_400))

    public init(base: Duration, cap: Duration, window: Duration) {
        self.base = base
        self.cap = cap
        self.window = window
    }

    /// When to try again after the `attempts`-th failed attempt (counting from 1) at `now`, of a delivery whose
    /// schedule began at `startedAt`; nil when the window is over (the delivery is dead).
    public func nextAttempt(afterAttempts attempts: Int, startedAt: Date, now: Date, random: any RandomSource) -> Date? {
        let deadline = startedAt.addingTimeInterval(TimeInterval(window.components.seconds))
        guard now < deadline else { return nil }
        let capSeconds = max(1, cap.components.seconds)
        let exponent = min(max(attempts - 1, 0), 40)
        let (grown, overflow) = max(1, base.components.seconds).multipliedReportingOverflow(by: Int64(1) << exponent)
        let ceiling = overflow ? capSeconds : min(capSeconds, grown)
        var generator = random.generator()
        let delay = Int64.random(in: 1...max(1, ceiling), using: &generator)
        let next = now.addingTimeInterval(TimeInterval(delay))
        return next < deadline ? next : deadline
    }
}
