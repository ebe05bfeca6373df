public import Foundation
public import LanyardAudit
public import LanyardModel

/// What one request appends and never changes: a credential record, the client assertion that obtained it and the
/// audit events that describe it. Handed to ``LanyardStore/append(_:)`` as values, so the store's appender writes
/// many requests' rows in a few multi-row statements of one durable commit, without running any caller code.
///
/// The rows stand or fall together: when the assertion was used before or the credential id is taken, none of them
/// is written, and no other request's rows are affected.
public struct DurableAppend: Sendable {
    /// A client assertion `jti` to record as used; taken before means a replay.
    public var assertion: UsedAssertion?
    /// A new credential record.
    public var credential: CredentialRecord?
    /// Audit events, in order, secrets already replaced (``AuditLog/prepare(_:store:)``).
    public let events: [AuditEvent]
    /// The events' leaves, drafted by the caller (canonical text and most of the hashing), so the store's single
    /// writer only gives them their sequence numbers.
    public let leaves: [AuditLeafDraft]

    public init(assertion: UsedAssertion? = nil, credential: CredentialRecord? = nil, events: [AuditEvent] = []) {
        self.assertion = assertion
        self.credential = credential
        self.events = events
        self.leaves = events.map(AuditLeafDraft.init)
    }
}

/// A client assertion recorded as used until it expires (RFC 7523 §3: a `jti` is accepted once).
public struct UsedAssertion: Sendable, Hashable {
    public var tenant: String
    /// The client (identity id) the assertion authenticated.
    public var clientID: String
    public var jti: String
    public var expiresAt: Date

    public init(tenant: String, clientID: String, jti: String, expiresAt: Date) {
        self.tenant = tenant
        self.clientID = clientID
        self.jti = jti
        self.expiresAt = expiresAt
    }
}
