import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A thread of its own, as an event loop and a task executor, on which no request work runs.
///
/// - The group committer's writer (``SQLBackend/writerExecutor``): the ``Appender``'s writer loop runs here, and on
///   SQLite the writer connection completes its statements on this loop too, so between two statements of a commit the
///   writer resumes on a thread of its own, not behind the requests queued on the cooperative pool (under load those
///   ran first, and each of a commit's statements waited for them).
/// - Maintenance (``background()``): the leader's periodic passes and their bulk reads, at the lowest scheduling
///   priority, so that under load they take what the request threads leave rather than a core from them.
public final class DedicatedThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    private let stopped = Atomic<Bool>(false)
    /// The loop: hand it to a connection so its futures complete here.
    let eventLoop: any EventLoop

    /// The nice value of a ``background()`` thread: the lowest priority Linux schedules normally.
    public static let backgroundNiceness: Int32 = 19

    /// A thread at the normal priority.
    public convenience init() {
        self.init(niceness: nil)
    }

    private init(niceness: Int32?) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = group.next()
        if let niceness { eventLoop.execute { Self.lowerPriority(to: niceness) } }
    }

    /// A thread at nice ``backgroundNiceness``.
    public static func background() -> DedicatedThread {
        DedicatedThread(niceness: backgroundNiceness)
    }

    /// Lowers the calling thread's priority to `niceness` (on Linux the nice value is per thread). Raising a nice value
    /// needs no privilege; a failure leaves the thread at its priority, which is only slower for the requests.
    static func lowerPriority(to niceness: Int32) {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread once the jobs already queued have run, and waits for it.
    public func shutdown() async {
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
