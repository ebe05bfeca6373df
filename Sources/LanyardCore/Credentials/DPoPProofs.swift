import Foundation
public import LanyardCredentials
public import LanyardModel

/// RFC 9449 DPoP proofs as Lanyard receives them: one proof per request, verified without state by
/// ``DPoPProofVerifier``, then remembered per tenant in the node's ``DPoPReplayCache``.
///
/// A proof is remembered only once the rest of the request is acceptable (client authenticated, token active), so
/// that unauthenticated requests cannot fill a tenant's share of the cache. The token endpoint's binding rules are in
/// `DPoPProofs+Binding.swift`; the check of a bound token presented to Lanyard is ``TokenVerifier``'s.
public struct DPoPProofs: Sendable {
    /// Checks one proof; its `window` bounds a proof's `iat` and how long its `jti` is remembered.
    let verifier: DPoPProofVerifier
    /// Proof `jti`s seen on this node, per tenant.
    let replay: DPoPReplayCache
    let clock: any WallClock

    /// The `Authorization` scheme named in challenges about DPoP-bound tokens.
    static let scheme = "DPoP"

    /// Proofs checked against `clock` (a proof's `iat` within the verifier's window), remembered in `replay`; parsed
    /// keys kept in `keys`.
    public init(clock: any WallClock, keys: KeyCollectionCache = KeyCollectionCache(), replay: DPoPReplayCache = DPoPReplayCache()) {
        self.verifier = DPoPProofVerifier(keys: keys)
        self.clock = clock
        self.replay = replay
    }

    /// Verifies the request's one proof for `method` at public `url` (and, with `accessToken`, its `ath`).
    ///
    /// - Throws: `invalid_dpop_proof` when there is not exactly one proof or it is not valid.
    func verify(_ values: [String], method: String, url: String, accessToken: String?) async throws -> VerifiedDPoPProof {
        let proof = try Self.single(values)
        return try await verifier.verify(proof, method: method, url: url, accessToken: accessToken, now: Int64(clock.now().timeIntervalSince1970))
    }

    /// The one proof of a request: exactly one `DPoP` header holding one value.
    static func single(_ values: [String]) throws -> String {
        guard values.count == 1, let proof = values.first, !proof.contains(",") else {
            throw OAuthError(.invalidDPoPProof, "Send exactly one DPoP header with one proof.")
        }
        return proof
    }

    /// Records the proof's `jti` for its key until it is stale.
    ///
    /// - Parameter challenge: the scheme of the `WWW-Authenticate` challenge a refusal carries, if any.
    /// - Throws: `invalid_dpop_proof` for a proof seen before (or a tenant whose share of the cache is full).
    func remember(_ proof: VerifiedDPoPProof, tenant: String, challenge: String?) throws {
        let now = Int64(clock.now().timeIntervalSince1970)
        let (expiresAt, overflow) = proof.iat.addingReportingOverflow(verifier.window)
        guard !overflow, replay.insert(tenant: tenant, jkt: proof.jkt, jti: proof.jti, expiresAt: expiresAt, now: now) else {
            let message = "This DPoP proof was already used; make a new proof with a fresh jti for every request."
            if let challenge { throw OAuthError(.invalidDPoPProof, message, challenge: challenge) }
            throw OAuthError(.invalidDPoPProof, message)
        }
    }
}
