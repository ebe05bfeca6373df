import LanyardAPI
import LanyardModel

/// A JWT-SVID request resolved to a template: the audiences (at least one, at most ``maxAudiences``), the
/// authenticated workload, and ``SVIDLifetime/jwtSVID`` capped by the identity's remaining life.
struct JWTSVIDGrant: Sendable {
    let authenticator: SVIDAuthenticator

    /// Most audiences in one JWT-SVID request.
    static let maxAudiences = 8
    /// Longest audience accepted (bytes).
    static let maxAudienceLength = 256

    /// - Throws: ``OAuthError`` for any refusal (the SVID endpoint audits it).
    func resolve(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<JWTSVIDForm> {
        let form = JWTSVIDForm(audiences: try Self.audiences(request.audiences))
        return try await authenticator.template(
            form, lifetime: SVIDLifetime.jwtSVID, for: request, tenant: tenant, urls: urls, endpoint: urls.jwtSVIDEndpoint)
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
