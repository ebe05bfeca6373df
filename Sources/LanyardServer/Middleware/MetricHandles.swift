import Synchronization

/// The registry's handles to the metrics of each series seen, so that counting a request costs one dictionary
/// look-up instead of the Prometheus registry building the metric's name and label strings and searching for them
/// on every call (with the admin gate's per-request route parsing, about 5 % of an AuthZEN decision's CPU with the
/// decision log off; `docs/performance.md`, "Per-request bookkeeping").
///
/// Bounded: past ``limit`` series the registry is asked each time, as before. The handles stay valid because Lanyard
/// never unregisters these metrics.
final class MetricHandles<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    let limit: Int
    private let known = Mutex<[Key: Metric]>([:])

    init(limit: Int = 4_096) {
        self.limit = limit
    }

    /// The handle for `key`, made by `make` the first time (and each time once ``limit`` series are kept).
    func metric(for key: Key, make: (Key) -> Metric) -> Metric {
        if let found = known.withLock({ $0[key] }) { return found }
        let made = make(key)
        known.withLock { known in
            if known.count < limit { known[key] = made }
        }
        return made
    }

    /// How many series are kept.
    var count: Int { known.withLock { $0.count } }
}
