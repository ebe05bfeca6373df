import LanyardCore
import LanyardTesting
import Logging
import Synchronization
import Testing

@Suite("Leadership: one leader on a shared lock, fail closed, jobs only while leading")
struct LeadershipTests {
    static let logger: Logger = {
        var logger = Logger(label: "leadership-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Nodes on one simulated lock, campaigning by hand (no timers).
    static func nodes(_ count: Int, on lock: SimulatedLeaderLock) -> [Leadership] {
        (0..<count).map { _ in Leadership(lock: lock.node(), logger: logger) }
    }

    @Test("of three nodes on one lock exactly one leads, and it stays the leader while it holds the lock")
    func oneLeader() async throws {
        let lock = SimulatedLeaderLock()
        let nodes = Self.nodes(3, on: lock)
        for _ in 0..<3 {
            for node in nodes { await node.campaign() }
            #expect(nodes.filter(\.isLeader).count == 1)
            #expect(nodes[0].isLeader, "the first to campaign won and keeps the lead")
        }
        #expect(nodes[0].term == 1, "one unbroken term")
        #expect(lock.holder == 1)
    }

    @Test("when the leader's lock connection dies it stops leading at once, and another node takes over at its next campaign")
    func takeover() async throws {
        let lock = SimulatedLeaderLock()
        let nodes = Self.nodes(2, on: lock)
        for node in nodes { await node.campaign() }
        #expect(nodes[0].isLeader && !nodes[1].isLeader)

        lock.cutOffHolder()
        #expect(!nodes[0].isLeader, "no campaign needed: the loss is noticed when it happens")
        await nodes[1].campaign()
        #expect(nodes[1].isLeader)
        await nodes[0].campaign()
        #expect(!nodes[0].isLeader, "the old leader follows")
    }

    @Test("a leader that cannot reach the database stops leading at its next check (fail closed), and nobody leads until it answers")
    func unreachable() async throws {
        let lock = SimulatedLeaderLock()
        let nodes = Self.nodes(2, on: lock)
        for node in nodes { await node.campaign() }
        #expect(nodes[0].isLeader)

        lock.setUnreachable(true)
        for node in nodes { await node.campaign() }
        #expect(nodes.allSatisfy { !$0.isLeader })

        lock.setUnreachable(false)
        for node in nodes { await node.campaign() }
        #expect(nodes[0].isLeader && !nodes[1].isLeader)
        #expect(nodes[0].term == 2, "a new term")
    }

    @Test("a leader job runs only on the leader: at once when it wins, never on a follower, and on the next leader when it stops")
    func jobsOnlyWhileLeading() async throws {
        let lock = SimulatedLeaderLock()
        let nodes = (0..<2).map { _ in Leadership(lock: lock.node(), campaignInterval: .milliseconds(10), logger: Self.logger) }
        let passes = [CountingJob(), CountingJob()]
        let running = zip(nodes, passes).map { node, job in
            Task {
                await withDiscardingTaskGroup { group in
                    group.addTask { try? await node.run() }
                    group.addTask { try? await LeaderJobs(leadership: node, jobs: [job], logger: Self.logger).run() }
                }
            }
        }
        defer { for task in running { task.cancel() } }

        let first = try #require(await eventually { nodes.firstIndex(where: \.isLeader) })
        let follower = 1 - first
        #expect(await eventually { passes[first].count >= 3 } != nil, "the leader runs its job at once and then at each interval")
        #expect(passes[follower].count == 0)
        #expect(!nodes[follower].isLeader)

        // The leader stops (its lock is let go, as when its process ends): the follower takes over and runs the job.
        running[first].cancel()
        _ = await running[first].value
        let stoppedAt = passes[first].count
        #expect(await eventually { nodes[follower].isLeader } != nil)
        #expect(await eventually { passes[follower].count >= 3 } != nil, "the new leader runs the job")
        #expect(passes[first].count == stoppedAt)
    }

    /// Polls `probe` every 10 ms for up to 5 s; its first non-nil answer.
    private func eventually<T>(_ probe: () async -> T?) async -> T? {
        for _ in 0..<500 {
            if let value = await probe() { return value }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    private func eventually(_ condition: () -> Bool) async -> Bool? {
        await eventually { condition() ? true : nil }
    }
}

/// A leader job that counts its passes.
final class CountingJob: LeaderJob {
    private let passes = Mutex(0)
    var name: String { "counting" }
    var interval: Duration { .milliseconds(10) }
    var count: Int { passes.withLock { $0 } }
    func runPass() async throws { passes.withLock { $0 += 1 } }
}
