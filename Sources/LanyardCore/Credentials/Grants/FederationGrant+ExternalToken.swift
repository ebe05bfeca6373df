import LanyardCredentials
import LanyardModel

/// The external token of a federation exchange: its signature against the keys its issuer publishes (fetched through
/// the ``IssuerKeyCache``), and its times.
extension FederationGrant {
    /// The external token's claims once its signature verifies with a key `issuer` publishes; an unknown `kid`
    /// makes the issuer's keys be fetched again (rate-limited by the cache).
    func verifiedExternalClaims(_ token: String, header: JOSEHeader, issuer: String) async throws -> [String: JSONValue] {
        guard let issuerKeys else {
            throw OAuthError(.temporarilyUnavailable, "OIDC federation is not available on this server.")
        }
        let verifier = ExternalTokenVerifier(keys: clients.state.keyCollections)
        let cached = try await Self.unavailableOnFailure { try await issuerKeys.keys(issuer: issuer) }
        var outcome = await verifier.verify(token, header: header, keys: cached)
        if outcome == .unknownKey {
            let refreshed = try await Self.unavailableOnFailure { try await issuerKeys.refresh(issuer: issuer) }
            if let refreshed { outcome = await verifier.verify(token, header: header, keys: refreshed) }
        }
        switch outcome {
        case .verified(let claims):
            guard claims["iss"]?.stringValue == issuer else { throw OAuthError(.invalidRequest, "subject_token has no iss claim.") }
            return claims
        case .unknownKey:
            throw OAuthError(
                .invalidRequest,
                "subject_token is signed with a key (\(header.alg)\(header.kid.map { ", kid '\($0.prefix(64))'" } ?? "")) that issuer '\(issuer.prefix(128))' does not publish."
            )
        case .badSignature:
            throw OAuthError(.invalidRequest, "subject_token's signature does not verify with the keys issuer '\(issuer.prefix(128))' publishes.")
        }
    }

    /// Runs a key fetch, turning its failure into `temporarily_unavailable`.
    static func unavailableOnFailure<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as IssuerFetchError {
            throw OAuthError(.temporarilyUnavailable, "\(error.description) No token was issued; try again later.")
        }
    }

    /// `exp` is required and not past; `nbf` and `iat`, when present, are not in the future (with leeway).
    static func checkExternalTimes(_ claims: [String: JSONValue], now: Int64) throws {
        guard case .number(let expNumber)? = claims["exp"], case let exp = expNumber.double, exp.isFinite else {
            throw OAuthError(.invalidRequest, "subject_token has no exp claim; only expiring tokens are accepted.")
        }
        guard exp > Double(now - federationLeeway) else { throw OAuthError(.invalidRequest, "subject_token has expired.") }
        if let nbf = claims["nbf"] {
            guard case .number(let number) = nbf, case let value = number.double, value.isFinite, value <= Double(now + federationLeeway) else {
                throw OAuthError(.invalidRequest, "subject_token is not valid yet (nbf).")
            }
        }
        if let iat = claims["iat"] {
            guard case .number(let number) = iat, case let value = number.double, value.isFinite, value <= Double(now + federationLeeway) else {
                throw OAuthError(.invalidRequest, "subject_token iat is in the future.")
            }
        }
    }
}
