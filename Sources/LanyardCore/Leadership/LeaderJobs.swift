public import Logging
public import ServiceLifecycle

/// Runs each ``LeaderJob`` while this node leads: a pass as soon as leadership is won, then one every
/// ``LeaderJob/interval`` while it lasts; nothing while following. Leadership is checked before every pass (fail
/// closed: no pass starts without a held lock). At graceful shutdown, the jobs that ask for it run one last pass
/// if this node still leads.
///
/// List it after ``Leadership`` in a service group, so that it stops (and its last passes run) before the lock is
/// let go.
public struct LeaderJobs: Service {
    let leadership: Leadership
    let jobs: [any LeaderJob]
    let logger: Logger
    /// Where the jobs' own work runs (a low-priority thread in a server, so maintenance yields to requests); the
    /// global executor when nil.
    let executor: (any TaskExecutor)?

    public init(leadership: Leadership, jobs: [any LeaderJob], logger: Logger, executor: (any TaskExecutor)? = nil) {
        self.leadership = leadership
        self.jobs = jobs
        self.logger = logger
        self.executor = executor
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for job in jobs { group.addTask(executorPreference: executor) { await loop(job) } }
        }
        for job in jobs where job.passAtShutdown { await pass(job) }
    }

    private func loop(_ job: any LeaderJob) async {
        let leadership = leadership
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            guard let term = await cancelWhenGracefulShutdown({ await leadership.waitForLeadership() }) else { return }
            while leadership.isLeading(term: term) && !Task.isCancelled && !Task.isShuttingDownGracefully {
                await pass(job)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: job.interval) }
            }
        }
    }

    /// One pass of `job`, if this node leads; errors are logged.
    private func pass(_ job: any LeaderJob) async {
        guard leadership.isLeader else { return }
        do {
            try await job.runPass()
        } catch is CancellationError {
            return
        } catch {
            logger.error("leader job failed; will retry", metadata: ["job": "\(job.name)", "error": "\(error)"])
        }
    }
}
