public import LanyardModel

/// Records nothing. Exists only so `scripts/bench-issuance` can measure what auditing costs;
/// `lanyard serve` accepts it only in `--dev` mode.
///
/// - Warning: A server with this log keeps no evidence at all. Never use it outside a benchmark.
public struct DisabledAuditLog: AuditLog {
    public init() {}
    public func record(_ event: AuditEvent, in session: any StoreSession) async throws {}
    public func prepare(_ event: AuditEvent, store: any LanyardStore) async throws -> AuditEvent? { nil }
}
