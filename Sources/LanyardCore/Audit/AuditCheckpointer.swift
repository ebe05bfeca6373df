public import Logging

/// Signs a checkpoint of every tenant's audit log whose log grew: a ``LeaderJob``, so the leader does it as soon as
/// it leads, then every ``interval``, and once more at graceful shutdown. A failure is logged and retried at the
/// next pass. Two nodes signing at once is harmless: a checkpoint is stored once per log size.
public struct AuditCheckpointer: LeaderJob {
    let ledger: AuditLedger
    public let interval: Duration
    let logger: Logger

    public var name: String { "audit-checkpoint" }
    public var passAtShutdown: Bool { true }

    public init(ledger: AuditLedger, interval: Duration, logger: Logger) {
        self.ledger = ledger
        self.interval = interval
        self.logger = logger
    }

    public func runPass() async throws {
        for (tenant, error) in try await ledger.checkpointAll() {
            logger.error("audit checkpoint failed; will retry", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
        }
    }
}
