public import Foundation

/// A source of the current wall-clock time.
///
/// Everything that depends on time (expiry, TTL caps, sweeps) takes a `WallClock` so tests can move time
/// by hand instead of sleeping.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date

    /// Returns once `instant` has passed on this clock.
    func sleep(until instant: Date) async throws
}

extension WallClock {
    /// Sleeps on the system's real-time clock until `instant`.
    public func sleep(until instant: Date) async throws {
        let interval = instant.timeIntervalSince(Date())
        guard interval > 0 else { return }
        try await Task.sleep(for: .seconds(interval))
    }
}

/// The system's real-time clock, truncated to whole seconds so that stored and reported times agree.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }
}
