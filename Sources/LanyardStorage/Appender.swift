import LanyardAudit
import LanyardCore
import LanyardModel
import SQLKit
import Synchronization
import Tracing

/// The one writer of group commits. Requests hand it members — pre-built rows (``DurableAppend``) or grouped
/// bodies — and wait; a single long-lived writer loop (``run()``, one per store) takes everything queued, writes
/// it in one transaction with one durable commit, and only then resumes the waiters. No request starts a task or
/// hops through an actor to be written.
///
/// The contract of a batch:
/// - each body runs exactly once, inside a savepoint of its own when the batch has other members: its error rolls
///   back only its changes and reaches only its caller;
/// - rows are written in multi-row statements after the bodies; a member whose assertion or credential key is
///   taken is refused alone (`already_exists`) and leaves nothing behind (``RowAppends``);
/// - the audit events of every member that stands (bodies' and rows') are appended at the end, in order;
/// - a batch of audit events alone (the decision log's) may be written without a transaction where the engine can
///   (``SQLBackend/appendLogAlone(_:leaves:)``): all of it or none of it, durable before anyone is resumed;
/// - nobody is resumed before the commit is durable; when the transaction fails, every member gets that error.
final class Appender: Sendable {
    /// A grouped body, type-erased without casts: `run` executes it and returns how to answer its caller once the
    /// batch is durable; `fail` answers it with an error.
    struct Body: Sendable {
        let run: @Sendable (any StoreSession) async throws -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
        /// The waiting request's span (tracing on), for the batch's span to hang from or link to.
        var trace: InstrumentationContext? = nil
    }

    enum Member: Sendable {
        case rows(DurableAppend, CheckedContinuation<Void, any Error>, trace: InstrumentationContext? = nil)
        case body(Body)

        func fail(_ error: any Error) {
            switch self {
            case .rows(_, let continuation, _): continuation.resume(throwing: error)
            case .body(let body): body.fail(error)
            }
        }

        var trace: InstrumentationContext? {
            switch self {
            case .rows(_, _, let trace): trace
            case .body(let body): body.trace
            }
        }
    }

    private struct Queue {
        var pending: [Member] = []
        /// The writer loop, when it waits for work.
        var wake: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let backend: any SQLBackend
    private let changes: ChangeFeed
    /// The store's name in the change stream between nodes.
    private let origin: String
    private let tracing: StoreTracing?
    /// Largest members per transaction.
    let maxBatch: Int

    init(backend: any SQLBackend, changes: ChangeFeed, origin: String, maxBatch: Int = 512, tracing: StoreTracing? = nil) {
        self.origin = origin
        self.backend = backend
        self.changes = changes
        self.maxBatch = maxBatch
        self.tracing = tracing
    }

    /// Queues `member` for the next batch; after ``close()`` it fails at once.
    func submit(_ member: Member) {
        let (accepted, wake) = queue.withLock { queue -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !queue.closed else { return (false, nil) }
            queue.pending.append(member)
            defer { queue.wake = nil }
            return (true, queue.wake)
        }
        guard accepted else {
            member.fail(LanyardError(.storageUnavailable, "The store is closed; nothing was written."))
            return
        }
        wake?.resume()
    }

    /// The writer loop: commits batches until ``close()``, then returns.
    func run() async {
        while let batch = await next() {
            guard let tracing else {
                await commit(batch)
                continue
            }
            await traced(batch, tracing)
        }
    }

    /// ``commit(_:)`` inside a `store.group_commit` span: a child of the first traced member's span, linking every
    /// other traced member's, so each request's trace leads to the transaction that made it durable. A batch of
    /// untraced members makes no span.
    private func traced(_ batch: [Member], _ tracing: StoreTracing) async {
        let traces = batch.compactMap(\.trace)
        try? await tracing.span("store.group_commit", system: backend.engine.tracingName, parent: traces.first) { span in
            span?.attributes["db.operation.batch.size"] = batch.count
            for other in traces.dropFirst() { span?.addLink(SpanLink(context: other, attributes: [:])) }
            if await !commit(batch) { span?.setStatus(SpanStatus(code: .error)) }
        }
    }

    /// Stops the loop after the batch in progress; members still queued fail with `storage_unavailable`.
    func close() {
        let (left, wake) = queue.withLock { queue -> ([Member], CheckedContinuation<Void, Never>?) in
            queue.closed = true
            defer {
                queue.pending.removeAll()
                queue.wake = nil
            }
            return (queue.pending, queue.wake)
        }
        for member in left { member.fail(LanyardError(.storageUnavailable, "The store closed before this write was committed; nothing was written.")) }
        wake?.resume()
    }

    /// The next batch, waiting for one when nothing is queued; nil once closed.
    private func next() async -> [Member]? {
        while true {
            let taken = queue.withLock { queue -> [Member]? in
                if queue.closed { return nil }
                let count = min(queue.pending.count, maxBatch)
                defer { queue.pending.removeFirst(count) }
                return Array(queue.pending.prefix(count))
            }
            guard let taken else { return nil }
            if !taken.isEmpty { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = queue.withLock { queue -> Bool in
                    if queue.closed || !queue.pending.isEmpty { return true }
                    queue.wake = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// What a committed batch answers each member.
    private struct Outcome: Sendable {
        var bodies: [Result<@Sendable () -> Void, any Error>] = []
        var refused: [Int: LanyardError] = [:]
    }

    /// Commits `batch` and answers its members; false when the transaction failed (every member got the error).
    @discardableResult
    private func commit(_ batch: [Member]) async -> Bool {
        var bodies: [Body] = []
        var rows: [DurableAppend] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        for member in batch {
            switch member {
            case .body(let body): bodies.append(body)
            case .rows(let append, let continuation, _):
                rows.append(append)
                waiters.append(continuation)
            }
        }
        if bodies.isEmpty, rows.allSatisfy({ $0.assertion == nil && $0.credential == nil }) {
            do {
                if try await backend.appendLogAlone(rows.flatMap(\.events), leaves: rows.flatMap(\.leaves)) {
                    for waiter in waiters { waiter.resume() }
                    return true
                }
            } catch {
                for waiter in waiters { waiter.resume(throwing: error) }
                return false
            }
        }
        let engine = backend.engine
        // What the committed bodies changed, published after the commit and before anyone is resumed.
        let noted = ChangeBuffer()
        // A lone member needs no savepoint: its failure rolls back the transaction, which holds nothing else.
        let isolated = batch.count > 1
        let outcome: Outcome
        do {
            outcome = try await backend.withTransaction { [bodies, rows] db in
                var outcome = Outcome()
                var events: [AuditEvent] = []
                var leaves: [AuditLeafDraft] = []
                for body in bodies {
                    let deferred = DeferredEvents()
                    let bodyChanges = ChangeBuffer()
                    let session = DeferringSession(base: SQLSession(db: db, engine: engine, changes: bodyChanges), deferred: deferred)
                    guard isolated else {
                        outcome.bodies.append(.success(try await body.run(session)))
                        let taken = deferred.take()
                        events += taken
                        leaves += taken.map(AuditLeafDraft.init)
                        for change in bodyChanges.take() { noted.note(change) }
                        continue
                    }
                    try await db.raw("SAVEPOINT lanyard_item").run()
                    do {
                        let answer = try await body.run(session)
                        try await db.raw("RELEASE SAVEPOINT lanyard_item").run()
                        outcome.bodies.append(.success(answer))
                        let taken = deferred.take()
                        events += taken
                        leaves += taken.map(AuditLeafDraft.init)
                        for change in bodyChanges.take() { noted.note(change) }
                    } catch {
                        // A lost connection took the whole transaction with it: fail the batch, send nothing more.
                        if PostgresBackend.isConnectionLost(error) { throw error }
                        try await db.raw("ROLLBACK TO SAVEPOINT lanyard_item").run()
                        try await db.raw("RELEASE SAVEPOINT lanyard_item").run()
                        outcome.bodies.append(.failure(error))
                    }
                }
                outcome.refused = try await RowAppends.insertClaims(of: rows, into: db)
                for (index, append) in rows.enumerated() where outcome.refused[index] == nil {
                    events += append.events
                    leaves += append.leaves
                }
                _ = try await AuditAppender.append(events, leaves: leaves, to: db)
                try await ChangeRows.append(noted.noted, origin: origin, engine: engine, to: db)
                return outcome
            }
        } catch {
            for member in batch { member.fail(error) }
            return false
        }
        changes.publish(noted.take())
        for (body, result) in zip(bodies, outcome.bodies) {
            switch result {
            case .success(let answer): answer()
            case .failure(let error): body.fail(error)
            }
        }
        for (index, waiter) in waiters.enumerated() {
            if let refusal = outcome.refused[index] { waiter.resume(throwing: refusal) } else { waiter.resume() }
        }
        return true
    }
}
