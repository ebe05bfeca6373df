import LanyardAPI
import LanyardCredentials
import LanyardModel
import X509

/// An X.509-SVID request resolved to a template: the CSR's public key (after checking the CSR's signature), the
/// authenticated workload, and ``SVIDLifetime/x509SVID`` capped by the identity's remaining life.
struct X509SVIDGrant: Sendable {
    let authenticator: SVIDAuthenticator

    /// - Throws: ``OAuthError`` for any refusal, `invalid_request` for a bad CSR (the SVID endpoint audits both).
    func resolve(_ request: SVIDRequest, tenant: String, urls: IssuerURLs) async throws -> CredentialTemplate<X509SVIDForm> {
        guard let csr = request.csr else { throw OAuthError(.invalidRequest, "csr is required: a PKCS#10 request, PEM or base64 DER.") }
        let publicKey: Certificate.PublicKey
        do {
            publicKey = try CertificateSigningRequestReader.publicKey(of: csr)
        } catch let error as LanyardError {
            throw OAuthError(.invalidRequest, error.message)
        }
        return try await authenticator.template(
            X509SVIDForm(publicKey: publicKey), lifetime: SVIDLifetime.x509SVID, for: request, tenant: tenant, urls: urls,
            endpoint: urls.x509SVIDEndpoint)
    }
}
