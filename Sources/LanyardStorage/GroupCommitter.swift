import LanyardCore
import LanyardModel
import SQLKit

/// Group commit: concurrent write bodies queue here and run together in one transaction with one durable
/// commit, each inside its own savepoint so a failing body rolls back alone. Every caller is resumed only after
/// the shared commit (or with the commit's error): nothing is acknowledged before it is durable.
actor GroupCommitter {
    struct Job: Sendable {
        let body: @Sendable (any StoreSession) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let backend: any SQLBackend
    private let maxBatch: Int
    private var pending: [Job] = []
    private var draining = false

    init(backend: any SQLBackend, maxBatch: Int = 256) {
        self.backend = backend
        self.maxBatch = maxBatch
    }

    func submit(_ job: Job) {
        pending.append(job)
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            await run(batch)
        }
        draining = false
    }

    private func run(_ batch: [Job]) async {
        let engine = backend.engine
        let results: [Result<any Sendable, any Error>]
        do {
            results = try await backend.withTransaction { db in
                var out: [Result<any Sendable, any Error>] = []
                out.reserveCapacity(batch.count)
                for job in batch {
                    try await db.raw("SAVEPOINT lanyard_item").run()
                    do {
                        let value = try await job.body(SQLSession(db: db, engine: engine))
                        try await db.raw("RELEASE SAVEPOINT lanyard_item").run()
                        out.append(.success(value))
                    } catch {
                        try await db.raw("ROLLBACK TO SAVEPOINT lanyard_item").run()
                        try await db.raw("RELEASE SAVEPOINT lanyard_item").run()
                        out.append(.failure(error))
                    }
                }
                return out
            }
        } catch {
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
    }
}
