public import LanyardModel

/// Durable storage for everything Lanyard keeps, behind one narrow interface.
///
/// Implementations MUST:
/// - run the body of ``write(_:)`` as one transaction: either every change in it is durable when it returns,
///   or none is (an error thrown from the body rolls everything back);
/// - never return from ``write(_:)`` before the transaction is durable (committed and synced);
/// - scope every query by the tenant it is given;
/// - publish the changes a transaction noted (``ChangeRecording``) on ``changes`` after it commits, and never those
///   of a transaction, or a grouped body, that rolled back.
///
/// `LanyardStorage` provides the SQL implementation (SQLite and PostgreSQL); `LanyardTesting` runs the same
/// conformance suite against each.
public protocol LanyardStore: Sendable {
    /// Runs `body` against a consistent view of committed data.
    func read<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Like ``read(_:)``, for a maintenance pass's bulk reads: on a connection that yields to requests where the store
    /// has one (SQLite: its background reader, at the lowest scheduling priority), else as ``read(_:)``.
    func readInBackground<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Runs `body` in one durable, all-or-nothing transaction.
    func write<T: Sendable>(_ body: @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Like ``write(_:)``, but the body may share one transaction (and one durable commit) with other
    /// concurrent bodies and appends: group commit. Each body runs exactly once, inside a savepoint of its own, so
    /// its error rolls back only its changes and never re-runs another body. Nothing returns before the shared
    /// transaction is durable; when the commit itself fails, every member of the batch gets that error.
    func writeGrouped<T: Sendable>(_ body: @escaping @Sendable (any StoreSession) async throws -> T) async throws -> T
    /// Appends `rows` durably, in the same group commit as other concurrent appends and grouped writes: the hot
    /// paths' write (issuance, refusals, decision records). Returns once the rows are durable.
    ///
    /// - Throws: `already_exists` when the assertion was used before or the credential id is taken; then none of
    ///   `rows` is written and every other member of the batch commits unaffected.
    func append(_ rows: DurableAppend) async throws
    /// Where the store publishes what each committed transaction changed (see ``ChangeRecording``): after the commit
    /// is durable and before the writer is answered.
    var changes: ChangeFeed { get }
    /// Claims a one-time `id` — a client assertion's or a DPoP proof's `jti` — in `scope` until `expiresAt` (Unix
    /// seconds) across every node that shares this database: `false` when it was claimed before, by any node. A store
    /// that serves one node (SQLite) keeps nothing and answers `true`: the node's in-memory replay caches are the whole
    /// truth there.
    func claimOnce(scope: String, id: String, expiresAt: Int64) async throws -> Bool
    /// Throws unless the database answers a trivial query.
    func checkHealth() async throws
    /// The stored leaves of `tenant` after sequence number `after`, in order, at most `limit`, with their content and
    /// columns (``StoreSession/auditLeaves(tenant:after:limit:content:)`` with `content`), read the engine's fastest
    /// way: for bulk reads — offline verification and the running leaf check — that would otherwise spend more time
    /// decoding rows than checking them.
    func auditLeafPage(tenant: String, after: Int64, limit: Int) async throws -> [AuditLeafRecord]
}
