public import LanyardCredentials
public import LanyardModel

/// A client that proved who it is: its identity, the identity's template, and — when it proved it with
/// `private_key_jwt` — the verified assertion, whose `jti` is recorded durably with what it obtains.
public struct AuthenticatedClient: Sendable {
    public var identity: Identity
    public var template: IdentityTemplate
    /// `nil` when something else authenticated the request (an external issuer's token, in federation).
    public var assertion: ClientAssertionClaims?
}
