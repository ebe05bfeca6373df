import Foundation
import UnixSignals

/// A child command run through `/usr/bin/env` (so `PATH` is searched), with SIGINT, SIGTERM and SIGHUP sent to
/// this process forwarded to it while it runs.
struct ChildProcess {
    let command: [String]
    let environment: [String: String]

    /// Runs the command to its end; returns its exit status, or 128 + the signal number that killed it.
    ///
    /// The forwarding is set up once the child exists, so the child starts with default signal dispositions.
    /// - Throws: when the command cannot be started.
    func run() async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = environment
        let termination = AsyncStream<(status: Int32, signalled: Bool)>.makeStream()
        process.terminationHandler = { finished in
            termination.continuation.yield((finished.terminationStatus, finished.terminationReason == .uncaughtSignal))
            termination.continuation.finish()
        }
        try process.run()
        let pid = process.processIdentifier
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
        let forwarder = Task {
            for await received in signals { _ = kill(pid, received.rawValue) }
        }
        var outcome: (status: Int32, signalled: Bool) = (1, false)
        for await value in termination.stream { outcome = value }
        forwarder.cancel()
        guard outcome.signalled else { return outcome.status }
        return 128 + (outcome.status & 0x7F)
    }
}
