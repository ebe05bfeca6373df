import LanyardModel

/// A credential just signed, with its record: what ``Issuer/issue(_:)`` stores and then hands back to the grant.
struct IssuedCredential<Signed: Sendable>: Sendable {
    /// The signed artefact.
    var signed: Signed
    /// Its record (the `credentials` row): kept for audit, revocation and drift detection; never the secret itself.
    var record: CredentialRecord
}

/// A signed compact JWS and the claims it carries.
struct SignedJWT<Claims: Sendable>: Sendable {
    var token: String
    var claims: Claims
}
