public import LanyardModel

/// `POST /t/{tenant}/v1/breakglass`: emergency access for one identity, opened at once without approval.
public struct OpenBreakGlassRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The identity (id or name) that gets the access.
    public var identity: String
    /// `build`, `test`, `publish`, `deploy`, `data-read`, `data-write` or `tool:NAME`.
    public var tier: String
    /// Cedar action names; default: the tier's.
    public var actions: [String]?
    /// A Cedar entity reference `Type::"id"` (that entity and everything in it) or `Type::*`.
    public var resource: String
    /// How long it lasts (`15m`; at most 60 minutes by default).
    public var duration: String
    /// Why (1–2000 characters).
    public var reason: String
    /// The incident it answers, such as a ticket id (1–256 characters).
    public var incident: String

    public static let allowedFields: Set<String> = ["identity", "tier", "actions", "resource", "duration", "reason", "incident"]

    public init(
        identity: String, tier: String, actions: [String]? = nil, resource: String, duration: String, reason: String, incident: String
    ) {
        self.identity = identity
        self.tier = tier
        self.actions = actions
        self.resource = resource
        self.duration = duration
        self.reason = reason
        self.incident = incident
    }
}

/// `POST /t/{tenant}/v1/breakglass/{id}/close`: ends the access early.
public struct CloseBreakGlassRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Why (optional, up to 2000 characters).
    public var reason: String?

    public static let allowedFields: Set<String> = ["reason"]

    public init(reason: String? = nil) {
        self.reason = reason
    }
}

/// `POST /t/{tenant}/v1/breakglass/{id}/review`: the after-review, by someone other than the opener.
public struct ReviewBreakGlassRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The reviewer's conclusion (1–2000 characters).
    public var note: String

    public static let allowedFields: Set<String> = ["note"]

    public init(note: String) {
        self.note = note
    }
}

/// A page of break-glass records, newest first.
public struct BreakGlassList: Sendable, Hashable, Codable {
    public var breakGlass: [BreakGlass]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(breakGlass: [BreakGlass], next: String? = nil) {
        self.breakGlass = breakGlass
        self.next = next
    }
}
