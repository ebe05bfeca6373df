import Foundation
import LanyardCore
@testable import LanyardStorage
import LanyardTesting
import Testing

/// Maintenance work runs at the lowest priority (``DedicatedThread/background()``): a job on that thread sees nice 19,
/// a job on a normal dedicated thread (the group committer's) the process's own.
@Suite("Dedicated threads")
struct DedicatedThreadTests {
    /// The nice value of the thread the calling job runs on.
    static func niceness() -> Int32 {
        #if os(Linux)
            return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
            return 0
        #endif
    }

    @Test("a background thread runs its jobs at nice 19; a writer thread at the process's priority")
    func priorities() async throws {
        let background = DedicatedThread.background()
        let writer = DedicatedThread()
        let process = Self.niceness()
        let low = await withTaskExecutorPreference(background) { Self.niceness() }
        let normal = await withTaskExecutorPreference(writer) { Self.niceness() }
        #if os(Linux)
            #expect(low == DedicatedThread.backgroundNiceness)
            #expect(normal == process && normal != low)
        #endif
        await background.shutdown()
        await writer.shutdown()
    }

    @Test("the store's background reads see committed data, the same as its reads", arguments: TestDatabases.engines)
    func backgroundReads(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        try await env.store.write { try await $0.setFindingCursor(tenant: "default", detector: "test", seq: 42) }
        let read = try await env.store.read { try await $0.findingCursor(tenant: "default", detector: "test") }
        let background = try await env.store.readInBackground { try await $0.findingCursor(tenant: "default", detector: "test") }
        #expect(read == 42 && background == 42)
    }
}
