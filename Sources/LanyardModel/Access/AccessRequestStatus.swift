/// Where an ``AccessRequest`` is in its life.
///
/// `requested` → `approved` (enough approvals, or a policy) → `active` (the grant is made) → `ended`;
/// `requested` → `denied`; `requested`/`approved` → `expired` (not acted on in time) or `cancelled` (by the requester
/// or the identity). `denied`, `expired`, `cancelled` and `ended` are final.
public enum AccessRequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for approvals.
    case requested
    /// Approved; the caller creates the entitlement and activates the request.
    case approved
    case denied
    /// Not acted on before its expiry.
    case expired
    case cancelled
    /// The grant exists and the request names its entitlement.
    case active
    /// The grant ended (expiry, task end, single use, revocation, cancellation).
    case ended

    /// Whether the request can change no more.
    public var isFinal: Bool {
        switch self {
        case .denied, .expired, .cancelled, .ended: true
        case .requested, .approved, .active: false
        }
    }
}
