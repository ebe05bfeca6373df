public import LanyardCredentials
public import LanyardModel

/// A client that proved who it is: its identity, the identity's template, and — when it proved it with
/// `private_key_jwt` — the verified assertion, whose `jti` is recorded durably with what it obtains.
public struct AuthenticatedClient: Sendable {
    /// The client's identity.
    public var identity: Identity
    /// The template the identity was registered from (scopes, TTLs, DPoP requirement).
    public var template: IdentityTemplate
    /// `nil` when something else authenticated the request (an external issuer's token, in federation).
    public var assertion: ClientAssertionClaims?
}
