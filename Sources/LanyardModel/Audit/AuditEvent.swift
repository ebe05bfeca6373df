public import Foundation

/// One entry of the audit trail: who did what to which object, when, with the state before and after.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// Position in the tenant's audit log, 1, 2, 3, … without gaps, assigned by storage when appended (0 before
    /// that). The event's Merkle leaf index is `sequence - 1`.
    public var sequence: Int64
    public var tenant: String
    public var at: Date
    /// Who acted, e.g. `token:tok_…` or `system:sweeper`.
    public var actor: String
    /// What was done, e.g. `identity.register`.
    public var action: String
    /// The object acted on, e.g. `identity:idn_…`.
    public var target: String
    /// The object before the change (absent for creations).
    public var before: JSONValue?
    /// The object after the change (absent for deletions).
    public var after: JSONValue?
    /// Anything else worth keeping (a reason, a request id).
    public var details: [String: String]
    /// Secret values worth matching but never storing (a presented token, a client secret). The audit log
    /// replaces each by `hmac-sha256:<base64 HMAC-SHA256(tenant audit key, value)>` under the same name in
    /// ``details`` before the event is encoded; storage refuses an event that still has any. Never encoded.
    public var secrets: [String: String]

    public init(
        sequence: Int64 = 0, tenant: String, at: Date, actor: String, action: String, target: String,
        before: JSONValue? = nil, after: JSONValue? = nil, details: [String: String] = [:], secrets: [String: String] = [:]
    ) {
        self.sequence = sequence
        self.tenant = tenant
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.details = details
        self.secrets = secrets
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, tenant, at, actor, action, target, before, after, details
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sequence: try container.decode(Int64.self, forKey: .sequence), tenant: try container.decode(String.self, forKey: .tenant),
            at: try container.decode(Date.self, forKey: .at), actor: try container.decode(String.self, forKey: .actor),
            action: try container.decode(String.self, forKey: .action), target: try container.decode(String.self, forKey: .target),
            before: try container.decodeIfPresent(JSONValue.self, forKey: .before),
            after: try container.decodeIfPresent(JSONValue.self, forKey: .after),
            details: try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(target, forKey: .target)
        try container.encodeIfPresent(before, forKey: .before)
        try container.encodeIfPresent(after, forKey: .after)
        try container.encode(details, forKey: .details)
    }
}

extension AuditEvent {
    /// Whole seconds since 1970 of ``at`` (rounded down), as stored and encoded in the audit leaf.
    public var atSeconds: Int64 { Self.seconds(of: at) }

    /// Whole seconds since 1970 of `date`, rounded down (0 for dates beyond any calendar).
    public static func seconds(of date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard value.isFinite, value > -1e15, value < 1e15 else { return 0 }
        return Int64(value)
    }
}
