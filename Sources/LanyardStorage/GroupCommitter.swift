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
    private let identities: IdentityCache
    private let maxBatch: Int
    private var pending: [Job] = []
    private var draining = false

    init(backend: any SQLBackend, identities: IdentityCache, maxBatch: Int = 256) {
        self.backend = backend
        self.identities = identities
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

    /// Runs a batch in one transaction. Optimistically without savepoints, with the batch's append-only inserts
    /// deferred into multi-row INSERTs at its end; if any body or the flush fails, the transaction is rolled
    /// back and the batch runs again with a plain session and a savepoint around each body, so only the failing
    /// ones fail.
    private func run(_ batch: [Job]) async {
        let engine = backend.engine
        // Identity writes are invalidated in the cache after the transaction and before anyone is resumed.
        let writes = IdentityWrites(cache: identities)
        if batch.count > 1,
            let results = try? await backend.withTransaction({ db -> [any Sendable] in
                let deferred = DeferredInserts()
                let session = DeferringSession(base: SQLSession(db: db, engine: engine, identityWrites: writes), deferred: deferred)
                var out: [any Sendable] = []
                out.reserveCapacity(batch.count)
                for job in batch { out.append(try await job.body(session)) }
                try await deferred.flush(to: db)
                return out
            })
        {
            writes.finish()
            for (job, value) in zip(batch, results) { job.continuation.resume(returning: value) }
            return
        }
        let results: [Result<any Sendable, any Error>]
        do {
            results = try await backend.withTransaction { db in
                var out: [Result<any Sendable, any Error>] = []
                out.reserveCapacity(batch.count)
                for job in batch {
                    try await db.raw("SAVEPOINT lanyard_item").run()
                    do {
                        let value = try await job.body(SQLSession(db: db, engine: engine, identityWrites: writes))
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
            writes.finish()
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        writes.finish()
        for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
    }
}
