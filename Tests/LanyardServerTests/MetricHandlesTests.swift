import Synchronization
import Testing

@testable import LanyardServer

/// The registry handles kept per series: one per key, made once, and never more than the limit kept.
@Suite("Metric handles")
struct MetricHandlesTests {
    final class Made: Sendable {
        let key: String
        init(_ key: String) { self.key = key }
    }

    @Test("a series' handle is made once and returned again; past the limit handles are made each time and not kept")
    func keptPerSeries() {
        let handles = MetricHandles<String, Made>(limit: 2)
        let makes = Mutex(0)
        func metric(_ key: String) -> Made {
            handles.metric(for: key) { key in
                makes.withLock { $0 += 1 }
                return Made(key)
            }
        }
        let first = metric("a")
        #expect(metric("a") === first)
        #expect(metric("b") !== first && metric("b").key == "b")
        #expect(makes.withLock { $0 } == 2)
        #expect(metric("c").key == "c" && metric("c").key == "c")
        #expect(makes.withLock { $0 } == 4)
        #expect(handles.count == 2)
        #expect(metric("a") === first)
    }
}
