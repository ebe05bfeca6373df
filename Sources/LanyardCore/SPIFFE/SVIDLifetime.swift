import Foundation
import LanyardModel

/// How long SVIDs live: short, fixed lifetimes, capped by the identity's remaining life.
public enum SVIDLifetime {
    /// Lifetime of a JWT-SVID (seconds), before the identity's expiry caps it.
    public static let jwtSVID: Int64 = 300
    /// Lifetime of an X.509-SVID (seconds), before the identity's expiry caps it.
    public static let x509SVID: Int64 = 3600

    /// `wanted` seconds, capped by the identity's remaining life at `now`.
    ///
    /// - Throws: ``OAuthError`` `unauthorized_client` when less than a second remains.
    static func capped(_ wanted: Int64, identity: Identity, now: Date) throws -> Int64 {
        let remaining = identity.expiresAt.timeIntervalSince(now).rounded(.down)
        let lifetime = remaining < Double(wanted) ? Int64(max(remaining, 0)) : wanted
        guard lifetime >= 1 else { throw OAuthError(.unauthorizedClient, "The identity expires now and gets no SVID.") }
        return lifetime
    }
}
