public import LanyardModel
public import Foundation

/// `POST /t/{tenant}/v1/identities/{id}/trusts`.
public struct AddTrustRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The external issuer's exact `iss`: an `https` URL (`http` only on a loopback host, for tests).
    public var issuer: String
    /// What the external token's `aud` must contain.
    public var audience: String
    /// Claim rules, each `{"name": …, "value": …}`; at most 16.
    public var conditions: [ClaimCondition]?
    public static let allowedFields: Set<String> = ["issuer", "audience", "conditions"]

    public init(issuer: String, audience: String, conditions: [ClaimCondition]? = nil) {
        self.issuer = issuer
        self.audience = audience
        self.conditions = conditions
    }
}

/// `GET /t/{tenant}/v1/identities/{id}/trusts`.
public struct TrustList: Sendable, Hashable, Codable {
    public var trusts: [FederationTrust]
    public init(trusts: [FederationTrust]) { self.trusts = trusts }
}
