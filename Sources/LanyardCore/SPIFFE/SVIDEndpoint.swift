import Foundation
public import LanyardAPI
import LanyardAudit
import LanyardCredentials
import LanyardModel
import X509

/// The SPIFFE SVID endpoints: `POST {issuer}/spiffe/jwt-svid` and `POST {issuer}/spiffe/x509-svid`. Each resolves
/// the request by its grant to a ``CredentialTemplate`` and has the ``Issuer`` sign, validate and record it (a
/// credential record and a `credential.issue` event in one group commit) before answering.
///
/// Every refusal is audited as `svid.refuse`, naming the client the request names.
public struct SVIDEndpoint: Sendable {
    let jwt: JWTSVIDGrant
    let x509: X509SVIDGrant
    let issuer: Issuer

    init(issuer: Issuer, clients: ClientAuthenticator, tokens: TokenVerifier) {
        let authenticator = SVIDAuthenticator(clients: clients, tokens: tokens, store: issuer.store, clock: issuer.clock)
        self.jwt = JWTSVIDGrant(authenticator: authenticator)
        self.x509 = X509SVIDGrant(authenticator: authenticator)
        self.issuer = issuer
    }

    /// Issues a JWT-SVID.
    ///
    /// - Throws: ``OAuthError`` (audited) for a refusal; `not_found` for an unknown tenant.
    public func issueJWTSVID(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> JWTSVIDResponse {
        try await recordingRefusals(request, tenant: tenant) {
            let template = try await jwt.resolve(request, tenant: tenant, urls: urls)
            let claims = try await issuer.issue(template).signed
            return JWTSVIDResponse(
                svid: claims.token, spiffeID: template.identity.spiffeId, audience: template.form.audiences, expiresAt: claims.claims.exp)
        }
    }

    /// Issues an X.509-SVID: the CSR's public key (after checking the CSR's signature) in a leaf chained to the
    /// tenant's intermediate CA.
    ///
    /// - Throws: ``OAuthError`` (audited) for a refusal, `invalid_request` for a bad CSR; `not_found` for an unknown
    ///   tenant.
    public func issueX509SVID(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> X509SVIDResponse {
        try await recordingRefusals(request, tenant: tenant) {
            let template = try await x509.resolve(request, tenant: tenant, urls: urls)
            let signed = try await issuer.issue(template).signed
            let expiresAt = Int64(signed.leaf.notValidAfter.timeIntervalSince1970)
            return X509SVIDResponse(
                spiffeID: template.identity.spiffeId,
                svidChainPEM: SPIFFECertificateAuthority.pem(signed.leaf) + signed.hierarchy.intermediate.certificatePEM,
                bundlePEM: SPIFFECertificateAuthority.pem(signed.hierarchy.root), serial: signed.leaf.serialNumber.description, expiresAt: expiresAt)
        }
    }

    /// Runs `body` for a known tenant, auditing an ``OAuthError`` refusal as `svid.refuse` before rethrowing it.
    private func recordingRefusals<T: Sendable>(_ request: SVIDRequest, tenant: String, _ body: () async throws -> T) async throws -> T {
        try issuer.requireTenant(tenant)
        return try await issuer.recordingRefusals(
            tenant: tenant, action: .svidRefuse, client: request.client.clientID ?? ClientAuthenticator.peekSubject(request.client.clientAssertion), body)
    }
}
