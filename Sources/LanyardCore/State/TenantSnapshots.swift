import Foundation
import LanyardModel
import Synchronization

/// The compiled policy store of each tenant, in memory; owned by ``TenantState``.
typealias PolicySnapshots = TenantSnapshots<CompiledPolicies>

/// Something compiled per tenant from the store and kept in memory (the policy store, the live entitlements); owned
/// by ``TenantState``.
///
/// A tenant is compiled on first use and recompiled when a change to what it is compiled from is applied
/// (``invalidate(_:)``, from the change stream). While a recompilation runs, decisions keep using the previous
/// snapshot; a request that made the change waits for the new one with ``newest(_:)``, so the change is in force
/// when it returns. A recompilation that finishes after a newer one does not replace it.
final class TenantSnapshots<Value: Sendable>: Sendable {
    private struct Slot {
        var ready: Value?
        /// Ticket of the snapshot in `ready`.
        var readyTicket: UInt64 = 0
        var loading: Task<Value, any Error>?
        /// Ticket of the load in `loading`.
        var loadingTicket: UInt64 = 0
    }

    private struct State {
        var slots: [String: Slot] = [:]
        var nextTicket: UInt64 = 1
    }

    private let state = Mutex(State())
    private let load: @Sendable (String) async throws -> Value

    /// - Parameter load: reads what a tenant's snapshot is made of from the store and compiles it.
    init(load: @escaping @Sendable (String) async throws -> Value) {
        self.load = load
    }

    /// The snapshot in force for `tenant` (compiled now if the tenant was never loaded here).
    func snapshot(_ tenant: String) async throws -> Value {
        let (ready, loading) = state.withLock { ($0.slots[tenant]?.ready, $0.slots[tenant]?.loading) }
        if let ready { return ready }
        if let loading { return try await loading.value }
        return try await reload(tenant)
    }

    /// The snapshot once the recompilation in flight (if any) is in: what a request that just changed the tenant's
    /// policies waits for.
    func newest(_ tenant: String) async throws -> Value {
        if let loading = state.withLock({ $0.slots[tenant]?.loading }) { return try await loading.value }
        return try await snapshot(tenant)
    }

    /// Starts recompiling `tenant` in the background if it is loaded here; decisions keep the previous snapshot
    /// until the new one is in.
    func invalidate(_ tenant: String) {
        guard state.withLock({ $0.slots[tenant] != nil }) else { return }
        _ = startLoading(tenant)
    }

    /// Starts recompiling every tenant loaded here.
    func invalidateAll() {
        for tenant in state.withLock({ Array($0.slots.keys) }) { _ = startLoading(tenant) }
    }

    /// Recompiles `tenant` from the store and installs the result unless a newer one was installed meanwhile.
    @discardableResult
    func reload(_ tenant: String) async throws -> Value {
        try await startLoading(tenant).value
    }

    private func startLoading(_ tenant: String) -> Task<Value, any Error> {
        state.withLock { state in
            let ticket = state.nextTicket
            state.nextTicket &+= 1
            let load = self.load
            // The task installs its own result, so a reload nobody awaits (an invalidation) still lands.
            let task = Task { [weak self] in
                do {
                    let compiled = try await load(tenant)
                    return self?.install(compiled, tenant: tenant, ticket: ticket) ?? compiled
                } catch {
                    self?.finish(tenant: tenant, ticket: ticket)
                    throw error
                }
            }
            var slot = state.slots[tenant, default: Slot()]
            slot.loading = task
            slot.loadingTicket = ticket
            state.slots[tenant] = slot
            return task
        }
    }

    private func install(_ compiled: Value, tenant: String, ticket: UInt64) -> Value {
        state.withLock { state in
            var slot = state.slots[tenant, default: Slot()]
            if ticket > slot.readyTicket {
                slot.ready = compiled
                slot.readyTicket = ticket
            }
            if slot.loadingTicket == ticket { slot.loading = nil }
            state.slots[tenant] = slot
            return slot.ready ?? compiled
        }
    }

    private func finish(tenant: String, ticket: UInt64) {
        state.withLock { state in
            if state.slots[tenant]?.loadingTicket == ticket { state.slots[tenant]?.loading = nil }
        }
    }
}
