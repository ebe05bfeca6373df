import Foundation
import LanyardCredentials
public import LanyardModel

extension KeyManagement {
    /// Rotates the keys of every algorithm whose active key of `tenant` has signed for `maxAge` or longer, as a
    /// manual rotation does (the old key stays published until the tokens it signed have expired) and audited the
    /// same way (`keys.rotate`, by `system:renewal`, with `reason: max_age`).
    ///
    /// A key has been active since its algorithm's current `next` key was made: each rotation activates `next` and
    /// makes a new one in the same transaction. Race-safe: whether a rotation is due is decided again inside the
    /// transaction, and every key moves only from the state it was read in, so when several nodes rotate at once
    /// exactly one rotation lands and the others load its keys.
    ///
    /// - Returns: the algorithms rotated by this call (empty when none was due or another node rotated first).
    @discardableResult
    public func rotateIfDue(tenant: String, maxAge: TimeSpan) async throws -> [SigningAlgorithm] {
        let now = clock.now()
        let age = TimeInterval(maxAge.seconds)
        let outcome: (rotated: [SigningAlgorithm], keys: [SigningKeyRecord])
        do {
            outcome = try await store.write { session in
                let keys = try await session.signingKeys(tenant: tenant)
                let due = Self.algorithmsDue(keys, maxAge: age, now: now)
                guard !due.isEmpty else { return ([], keys) }
                let rotated = try await rotate(
                    keys, of: due, tenant: tenant, actor: X509Authorities.renewalActor, details: ["reason": "max_age"], now: now, in: session)
                return (due, rotated)
            }
        } catch let error as LanyardError where error.code == .invalidState {
            try await reload(tenant: tenant)
            return []
        }
        if !outcome.rotated.isEmpty { try await ring.load(tenant: tenant, records: outcome.keys, now: now) }
        return outcome.rotated
    }

    /// The algorithms whose active key has signed for `maxAge` seconds or longer at `now`.
    static func algorithmsDue(_ keys: [SigningKeyRecord], maxAge: TimeInterval, now: Date) -> [SigningAlgorithm] {
        SigningAlgorithm.allCases.filter { algorithm in
            guard let next = keys.first(where: { $0.algorithm == algorithm && $0.state == .next }) else { return false }
            return next.createdAt.addingTimeInterval(maxAge) <= now
        }
    }
}
