import Foundation
import LanyardModel
import Synchronization

/// The compiled policy store of each tenant, in memory.
///
/// A tenant is compiled on first use and recompiled after each change (``reload(_:)``), which the changing
/// request awaits, so a change is in force when its request returns. While a recompilation runs, decisions keep
/// using the previous snapshot; a recompilation that finishes after a newer one does not replace it.
final class PolicySnapshots: Sendable {
    private struct Slot {
        var ready: CompiledPolicies?
        /// Ticket of the snapshot in `ready`.
        var readyTicket: UInt64 = 0
        var loading: Task<CompiledPolicies, any Error>?
    }

    private let state = Mutex<(slots: [String: Slot], nextTicket: UInt64)>(([:], 1))
    private let load: @Sendable (String) async throws -> CompiledPolicies

    /// - Parameter load: reads a tenant's newest version and entity data from the store and compiles them.
    init(load: @escaping @Sendable (String) async throws -> CompiledPolicies) {
        self.load = load
    }

    /// The snapshot in force for `tenant`.
    func snapshot(_ tenant: String) async throws -> CompiledPolicies {
        let (ready, loading) = state.withLock { ($0.slots[tenant]?.ready, $0.slots[tenant]?.loading) }
        if let ready { return ready }
        if let loading { return try await loading.value }
        return try await reload(tenant)
    }

    /// Recompiles `tenant` from the store and installs the result unless a newer one was installed meanwhile.
    @discardableResult
    func reload(_ tenant: String) async throws -> CompiledPolicies {
        let load = self.load
        let (task, ticket) = state.withLock { state -> (Task<CompiledPolicies, any Error>, UInt64) in
            let ticket = state.nextTicket
            state.nextTicket &+= 1
            let task = Task { try await load(tenant) }
            state.slots[tenant, default: Slot()].loading = task
            return (task, ticket)
        }
        do {
            let compiled = try await task.value
            return state.withLock { state in
                var slot = state.slots[tenant, default: Slot()]
                if ticket > slot.readyTicket {
                    slot.ready = compiled
                    slot.readyTicket = ticket
                }
                if ticket == state.nextTicket &- 1 { slot.loading = nil }
                state.slots[tenant] = slot
                return slot.ready ?? compiled
            }
        } catch {
            state.withLock { state in
                if ticket == state.nextTicket &- 1 { state.slots[tenant]?.loading = nil }
            }
            throw error
        }
    }
}
