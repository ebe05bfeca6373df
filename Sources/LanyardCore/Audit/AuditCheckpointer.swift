public import Logging
public import ServiceLifecycle

/// Signs a checkpoint of every tenant's audit log whose log grew, at start and then at a fixed interval, until
/// shutdown; and a last one at shutdown. A failure is logged and retried at the next interval.
public struct AuditCheckpointer: Service {
    let ledger: AuditLedger
    let interval: Duration
    let logger: Logger

    public init(ledger: AuditLedger, interval: Duration, logger: Logger) {
        self.ledger = ledger
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await checkpointAll()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        await checkpointAll()
    }

    private func checkpointAll() async {
        do {
            for (tenant, error) in try await ledger.checkpointAll() {
                logger.error("audit checkpoint failed; will retry", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        } catch {
            logger.error("audit checkpoint failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
