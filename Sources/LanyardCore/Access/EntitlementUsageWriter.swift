import Foundation
import LanyardModel
public import Logging
public import ServiceLifecycle

/// Writes the entitlements' last uses this node's decision point noted (``EntitlementUsage``) to the store every
/// ``interval``, and once more at shutdown, so reviews see when each was last used; on every node, since each notes
/// its own decisions. Also forgets ended entitlements past their expiry. A failed write is logged and its uses are
/// noted again by the next decisions (a last use is a hint for reviewers, never a security decision).
public struct EntitlementUsageWriter: Service {
    let state: TenantState
    public let interval: Duration
    let logger: Logger

    public init(state: TenantState, interval: Duration = .seconds(10), logger: Logger) {
        self.state = state
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            do {
                try await flush()
            } catch {
                logger.error("writing entitlement uses failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One pass: writes what was noted since the last one.
    public func flush() async throws {
        state.entitlements.prune(now: Int64(state.clock.now().timeIntervalSince1970))
        let uses = state.entitlementUsage.drain()
        guard !uses.isEmpty else { return }
        try await state.store.write { session in
            for (tenant, lastUsed) in uses.sorted(by: { $0.key < $1.key }) {
                try await session.recordEntitlementUse(tenant: tenant, lastUsed: lastUsed)
            }
        }
    }
}
