import NIOCore
import NIOPosix
import Synchronization

/// The group committer's own thread: an event loop that no request work runs on, which is also the task executor of
/// the ``Appender``'s writer loop. On SQLite the writer connection completes its statements on this loop too, so
/// between two statements of a commit the writer resumes on a thread of its own, not behind the requests queued on
/// the cooperative pool (under load those ran first, and each of a commit's statements waited for them).
final class WriterThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    private let stopped = Atomic<Bool>(false)
    /// The loop: hand it to the writer connection so its futures complete here.
    let eventLoop: any EventLoop

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = group.next()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread once the jobs already queued have run, and waits for it.
    func shutdown() async {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        try? await group.shutdownGracefully()
    }

    /// Starts stopping the thread without waiting; safe to call on the thread itself. Owners that do not call
    /// ``shutdown()`` keep the thread (by capturing it) until the work on it has completed, then call this.
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        group.shutdownGracefully { _ in }
    }

    deinit {
        stop()
    }
}
