public import LanyardModel

/// Where audit events go. Recording happens inside the same transaction as the change it describes, so a
/// change is never durable without its event, and a failure to record fails the change (fail closed).
///
/// Keep this narrow: the tamper-evident Merkle log implements the same one method.
public protocol AuditLog: Sendable {
    /// Appends `event` as part of the transaction `session` belongs to.
    func record(_ event: AuditEvent, in session: any StoreSession) async throws
}

/// The audit log kept in the store's own `audit_events` table.
public struct StoreAuditLog: AuditLog {
    public init() {}
    public func record(_ event: AuditEvent, in session: any StoreSession) async throws {
        try await session.appendAuditEvent(event)
    }
}
