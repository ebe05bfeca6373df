public import Foundation

/// One leaked token reported to Lanyard, and what Lanyard did about it.
///
/// The raw token is never stored: a report is keyed by the token's SHA-256 (``tokenHash``, lower-case hex, as
/// GitHub's feedback labels name it), so the same token reported again finds this report and gets the same answer
/// without a second revocation. ``revokedAt`` minus ``receivedAt`` is the time to revoke (``revokeMilliseconds``).
public struct LeakReport: Sendable, Hashable, Codable {
    /// `lkr_…`.
    public var id: String
    /// The tenant of the token; for a token Lanyard does not know, the tenant of the door it came through (empty for
    /// the server-wide GitHub door).
    public var tenant: String
    /// SHA-256 of the token, lower-case hex.
    public var tokenHash: String
    /// The door the report came through.
    public var door: LeakDoor
    /// The type the reporter named (GitHub's `type`, GitLab's `type`), at most 128 bytes.
    public var reportedType: String
    /// What Lanyard found the token to be.
    public var kind: LeakedTokenKind
    /// Where the reporter found it (GitHub's `url`, GitLab's `location`), at most 2048 bytes.
    public var location: String?
    /// GitHub's `source` (`content`, `commit`, …) or the scanner's name, at most 128 bytes.
    public var source: String?
    public var receivedAt: Date
    /// When the credential was revoked (nil when nothing was live).
    public var revokedAt: Date?
    /// Milliseconds from receiving the report to the revocation (nil when nothing was revoked).
    public var revokeMilliseconds: Int64?
    public var outcome: LeakOutcome
    /// The identity the token acted for (`idn_…`), for access tokens.
    public var identity: String?
    /// The credential: an access token's `jti`, an administrator or SCIM token's id.
    public var credential: String?
    /// How many credentials were revoked with it (the token, those derived from it, the identity's others).
    public var revokedCount: Int

    public init(
        id: String, tenant: String, tokenHash: String, door: LeakDoor, reportedType: String, kind: LeakedTokenKind, location: String?,
        source: String?, receivedAt: Date, revokedAt: Date? = nil, revokeMilliseconds: Int64? = nil, outcome: LeakOutcome, identity: String? = nil,
        credential: String? = nil, revokedCount: Int = 0
    ) {
        self.id = id
        self.tenant = tenant
        self.tokenHash = tokenHash
        self.door = door
        self.reportedType = reportedType
        self.kind = kind
        self.location = location
        self.source = source
        self.receivedAt = receivedAt
        self.revokedAt = revokedAt
        self.revokeMilliseconds = revokeMilliseconds
        self.outcome = outcome
        self.identity = identity
        self.credential = credential
        self.revokedCount = revokedCount
    }

    /// Longest `location` kept.
    public static let maxLocationLength = 2048
    /// Longest reported `type` or `source` kept.
    public static let maxLabelLength = 128
    /// Longest token looked at (longer ones are not Lanyard's).
    public static let maxTokenLength = 16_384
}

/// The doors leak reports come through.
public enum LeakDoor: String, Sendable, Hashable, Codable, CaseIterable {
    /// GitHub's secret-scanning partner program (server-wide, ECDSA-signed).
    case github
    /// GitLab's Token Revocation API shape (per tenant).
    case gitlab
    /// The plain authenticated endpoint for CI and other scanners (`lanyard leak report`, `lanyard scan --report`).
    case api
}

/// What a reported token turned out to be.
public enum LeakedTokenKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A Lanyard access token (a JWT whose `iss` is a tenant issuer of this server, signature verified).
    case accessToken = "access-token"
    /// A JWT-SVID (no `iss`: its `sub` SPIFFE ID names the trust domain, hence the tenant; signature verified).
    case jwtSVID = "jwt-svid"
    /// An administrator bearer token (`lyadm_`).
    case adminToken = "admin-token"
    /// A SCIM provisioning token (`lsc_`).
    case scimToken = "scim-token"
    /// A leak door bearer (`lyrvk_`).
    case leakDoorToken = "leak-door-token"
    /// Nothing Lanyard issued (or nothing it can recognise).
    case unknown
}

/// What a report did.
public enum LeakOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// A live credential was revoked (with everything derived from it) and, for an access token, its identity marked
    /// `compromised`.
    case revoked
    /// Lanyard's credential, but no longer live (expired or revoked before): nothing to revoke.
    case inactive
    /// Not a credential Lanyard knows.
    case unknown

    /// GitHub's feedback label: `true_positive` for a live Lanyard credential, `false_positive` otherwise.
    public var feedbackLabel: String { self == .revoked ? "true_positive" : "false_positive" }
}
