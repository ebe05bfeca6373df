import LanyardAPI
import LanyardModel

/// A JWT-SVID request resolved to a template: the audiences (at least one, at most ``maxAudiences``), the
/// authenticated workload, and ``SVIDLifetime/jwtSVID`` capped by the identity's remaining life.
struct JWTSVIDGrant: Sendable {
    let authenticator: SVIDAuthenticator
    let clock: any WallClock

    /// Most audiences in one JWT-SVID request.
    static let maxAudiences = 8
    /// Longest audience accepted (bytes).
    static let maxAudienceLength = 256

    /// - Throws: ``OAuthError`` for any refusal (the SVID endpoint audits it).
    func resolve(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<JWTSVIDForm> {
        let audiences = try Self.audiences(request.audiences)
        let caller = try await authenticator.authenticate(request, tenant: tenant, urls: urls, endpoint: urls.jwtSVIDEndpoint)
        let now = clock.now()
        let lifetime = try SVIDLifetime.capped(SVIDLifetime.jwtSVID, identity: caller.identity, now: now)
        return CredentialTemplate(
            tenant: tenant, identity: caller.identity, issuedAt: now, lifetime: lifetime, form: JWTSVIDForm(audiences: audiences),
            assertion: caller.assertion)
    }

    /// The requested audiences: at least one, at most ``maxAudiences``, each 1–256 bytes without spaces, no
    /// duplicates kept.
    static func audiences(_ requested: [String]?) throws -> [String] {
        guard let requested, !requested.isEmpty else {
            throw OAuthError(.invalidRequest, "audience is required: a JWT-SVID is always for one or more named audiences.")
        }
        guard requested.count <= maxAudiences else { throw OAuthError(.invalidRequest, "At most \(maxAudiences) audiences per JWT-SVID.") }
        var unique: [String] = []
        for audience in requested where !unique.contains(audience) {
            guard !audience.isEmpty, audience.utf8.count <= maxAudienceLength, !audience.contains(where: \.isWhitespace) else {
                throw OAuthError(.invalidRequest, "Each audience must be 1–\(maxAudienceLength) characters without spaces.")
            }
            unique.append(audience)
        }
        return unique
    }
}
