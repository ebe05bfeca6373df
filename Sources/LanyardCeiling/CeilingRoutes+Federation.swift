import Foundation
import Hummingbird
import LanyardAPI
import LanyardAudit
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardServer

/// The federation ceiling (`/ceiling/t/{tenant}/oauth2/token` with `grant_type` token-exchange and a JWT
/// `subject_token`): read the form, find the identity named by `client_id` (the identity cache), verify the external
/// token's signature with its issuer's published keys (the issuer key cache, as the real route) and its `exp`, sign an
/// access token with the tenant's key, and append the credential record and one `credential.federate` audit event in
/// the same group commit; answer with the token. No trust look-up or trust rules, no template, scope, audience,
/// lifetime, DPoP, status or task checks, no refusal auditing.
extension CeilingRoutes {
    func federate(_ form: [String: String], tenant: String) async throws -> Response {
        guard let token = form["subject_token"], let clientID = form["client_id"],
            let identity = try await dependencies.credentials.state.identity(tenant: tenant, id: clientID),
            let issuerKeys = dependencies.credentials.tokenEndpoint.issuerKeys
        else { throw OAuthError(.invalidRequest, "Send subject_token and the client_id of a known identity.") }
        let header = try JOSEHeader(compact: token)
        guard let issuer = ExternalTokenVerifier.unverifiedClaims(token)?["iss"]?.stringValue else {
            throw OAuthError(.invalidRequest, "subject_token has no iss claim.")
        }
        let verifier = ExternalTokenVerifier(keys: dependencies.credentials.state.keyCollections)
        guard case .verified(let external) = await verifier.verify(token, header: header, keys: try await issuerKeys.keys(issuer: issuer)) else {
            throw OAuthError(.invalidRequest, "subject_token does not verify.")
        }
        guard case .number(let exp)? = external["exp"], exp.double > Date().timeIntervalSince1970 else {
            throw OAuthError(.invalidRequest, "subject_token has expired.")
        }
        return try await mint(
            for: identity, tenant: tenant, scope: form["scope"] ?? "read", action: .credentialFederate,
            extra: ["external_iss": issuer, "external_sub": String((external["sub"]?.stringValue ?? "").prefix(256))], assertion: nil)
    }
}
