public import Foundation
public import LanyardModel
import Synchronization

/// A clock that only moves when a test moves it.
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock to `instant` at once, if it is later (what a sleeping caller would find on waking).
    public func sleep(until instant: Date) async throws {
        current.withLock { $0 = max($0, instant) }
    }

    /// Moves the clock forward.
    public func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
