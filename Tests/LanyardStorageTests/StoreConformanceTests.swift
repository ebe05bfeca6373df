import LanyardStorage
import LanyardTesting
import Testing

/// Each capability store's conformance suite (`LanyardTesting/Conformance`) against the SQL store, on SQLite and on
/// PostgreSQL: one new, empty database per suite and engine.
@Suite("Store conformance, per capability, on every engine")
struct StoreConformanceTests {
    @Test("the SQL store keeps the capability's contract", arguments: TestDatabases.engines, StoreConformance.Capability.allCases)
    func conforms(engine: TestDatabases.Engine, capability: StoreConformance.Capability) async throws {
        let store = try await TestDatabases.makeStore(engine)
        do {
            try await StoreConformance.run(capability, on: store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
