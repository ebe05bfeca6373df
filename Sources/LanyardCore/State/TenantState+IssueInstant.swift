public import Foundation
import LanyardCredentials
import LanyardModel

extension TenantState {
    /// The instant a new credential of `identity` is issued at: now, unless the identity's credentials were cut off
    /// within the current second (revoked, suspended, orphaned or transferred a moment ago).
    ///
    /// Tokens carry whole-second `iat`s and a cut-off revokes every token issued at or before its second — which also
    /// covers a token whose issue raced with the revocation. So that a token issued *after* the cut-off is not born
    /// revoked, the issue waits for the next second (at most one second, and only right after a cut-off).
    public func issueInstant(for identity: String) async throws -> Date {
        let now = clock.now()
        guard let cutoff = revocations.cutoff(identity: identity), cutoff >= Int64(now.timeIntervalSince1970.rounded(.down)) else { return now }
        let next = Date(timeIntervalSince1970: TimeInterval(cutoff) + 1)
        try await clock.sleep(until: next)
        return max(clock.now(), next)
    }
}
