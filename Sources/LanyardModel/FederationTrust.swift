public import Foundation

/// An external issuer an identity trusts: a JWT from `issuer` whose `aud` contains `audience` and whose claims
/// match every condition may be exchanged (RFC 8693) for a Lanyard access token of `identityId`.
///
/// Several identities may trust the same issuer with different conditions (one per repository, say), so the
/// exchange names the identity; a trust never selects an identity by itself.
public struct FederationTrust: Sendable, Hashable, Codable {
    /// `trs_…`.
    public var id: String
    public var tenant: String
    /// The identity a matching external token is exchanged for.
    public var identityId: String
    /// The external token's `iss`, compared exactly (no trailing-slash folding).
    public var issuer: String
    /// A value the external token's `aud` (a string or an array) must contain.
    public var audience: String
    /// Claims the external token must carry with exactly these values; all must match.
    public var conditions: [ClaimCondition]
    public var createdAt: Date
    /// Who added the trust (`admin:…`).
    public var createdBy: String

    public init(
        id: String, tenant: String, identityId: String, issuer: String, audience: String, conditions: [ClaimCondition], createdAt: Date,
        createdBy: String
    ) {
        self.id = id
        self.tenant = tenant
        self.identityId = identityId
        self.issuer = issuer
        self.audience = audience
        self.conditions = conditions
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// One claim rule of a ``FederationTrust``: the claim named `name` must equal `value` exactly (a string, or a
/// number or boolean compared by its JSON text; arrays, objects and null never match).
///
/// `name` is first looked up as a top-level claim with exactly that name, so `kubernetes.io/namespace` or a name
/// containing dots works as is. Only when there is no such top-level claim is `name` read as a dotted path into
/// nested objects, each step being the longest run of dotted parts that is a key: `kubernetes.io.namespace` reaches
/// `{"kubernetes.io": {"namespace": …}}` (a Kubernetes service-account token). At most 8 parts; arrays are never
/// searched.
public struct ClaimCondition: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
