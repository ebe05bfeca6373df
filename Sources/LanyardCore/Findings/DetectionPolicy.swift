public import LanyardModel

/// The thresholds the detection rules hold a tenant's identities to. The defaults are Lanyard's recommendations;
/// each is documented in `docs/findings.md`.
public struct DetectionPolicy: Sendable, Hashable, Codable {
    /// No credential for this long: `unused-identity` (medium).
    public var unusedAfter = TimeSpan.days(30)
    /// No credential for this long: `unused-identity` is high.
    public var unusedHighAfter = TimeSpan.days(90)
    /// Granted and not used for this long: `unused-grant`.
    public var unusedGrantAfter = TimeSpan.days(30)
    /// A live credential may live at most this long (`long-lived`).
    public var maxCredentialLifetime = TimeSpan.days(1)
    /// A registered client key older than this is `long-lived` (static key).
    public var maxStaticKeyAge = TimeSpan.days(90)
    /// An identity expiring within this span with no decision: `expiring-undecided`.
    public var expiringWithin = TimeSpan.days(7)
    /// A leak must be revoked within this many seconds (`leak-open`).
    public var leakRevokeSeconds: Int64 = 60
    /// Break-glass must be reviewed within this span of its opening (`separation-of-duties`).
    public var breakGlassReviewWithin = TimeSpan.days(1)
    /// How far back the rules look at reports, leaks and requests.
    public var lookback = TimeSpan.days(30)

    public init() {}
}
