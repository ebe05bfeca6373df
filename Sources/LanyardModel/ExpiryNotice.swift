public import Foundation

/// A record that an identity's owner was told its expiry is near: one per identity, expiry and lead, so a notice is
/// sent once per expiry it is about (an extension gives the identity a new `expiresAt`, and new notices fall due).
public struct ExpiryNotice: Sendable, Hashable, Codable {
    public var tenant: String
    public var identityID: String
    /// The expiry the notice was about (the identity's `expiresAt` when it was sent).
    public var expiresAt: Date
    /// How long before ``expiresAt`` the notice was due: one of the template's leads.
    public var lead: TimeSpan
    /// When it was sent (queued in the outbox).
    public var sentAt: Date

    public init(tenant: String, identityID: String, expiresAt: Date, lead: TimeSpan, sentAt: Date) {
        self.tenant = tenant
        self.identityID = identityID
        self.expiresAt = expiresAt
        self.lead = lead
        self.sentAt = sentAt
    }
}
