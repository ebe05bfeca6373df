public import LanyardModel

/// Where audit events go. Recording happens inside the same transaction as the change it describes, so a
/// change is never durable without its event, and a failure to record fails the change (fail closed).
///
/// Keep this narrow: the tamper-evident Merkle log implements the same one method.
public protocol AuditLog: Sendable {
    /// Appends `event` as part of the transaction `session` belongs to.
    func record(_ event: AuditEvent, in session: any StoreSession) async throws
    /// `event` as it is to be appended through ``LanyardStore/append(_:)`` (secrets replaced), or `nil` when this
    /// log records nothing.
    func prepare(_ event: AuditEvent, store: any LanyardStore) async throws -> AuditEvent?
}

extension AuditLog {
    /// Appends `event` on its own, durably, through the store's group-committing appender (``LanyardStore/append(_:)``):
    /// for events that describe no change of their own (a decision, a refusal, a forwarded call). Returns once the
    /// event is committed; nothing when this log records nothing.
    public func appendAlone(_ event: AuditEvent, store: any LanyardStore) async throws {
        guard let prepared = try await prepare(event, store: store) else { return }
        try await store.append(DurableAppend(events: [prepared]))
    }
}

/// The audit log kept in the store: each tenant's Merkle log (`audit_log`), where storage assigns the sequence
/// number and stores the canonical leaf and its hash in the transaction of the change.
///
/// Secrets (``AuditEvent/secrets``) are replaced by keyed hashes under the tenant's HMAC key first; without
/// ``AuditKeys`` an event with secrets fails (and with it the change).
public struct StoreAuditLog: AuditLog {
    let keys: AuditKeys?

    public init(keys: AuditKeys? = nil) { self.keys = keys }

    public func record(_ event: AuditEvent, in session: any StoreSession) async throws {
        guard !event.secrets.isEmpty else {
            try await session.appendAuditEvent(event)
            return
        }
        guard let keys else {
            throw LanyardError(.internal, "An audit event carries secrets but no audit keys are configured; the change was not made.")
        }
        try await session.appendAuditEvent(try await keys.redact(event, in: session))
    }

    public func prepare(_ event: AuditEvent, store: any LanyardStore) async throws -> AuditEvent? {
        guard !event.secrets.isEmpty else { return event }
        guard let keys else {
            throw LanyardError(.internal, "An audit event carries secrets but no audit keys are configured; the change was not made.")
        }
        return try await keys.redact(event, store: store)
    }
}
