import Foundation
import HTTPTypes
import Hummingbird
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel
import Tracing

/// The tenant's issuer: its metadata (RFC 8414 at the path-inserted well-known URL, and the same document as OIDC
/// discovery under the issuer), JWKS, the authorization endpoint (which refuses: no interactive grant), and the OAuth
/// 2.0 token (RFC 6749 + RFC 7523), introspection (RFC 7662) and revocation (RFC 7009) endpoints, under `/t/{tenant}`.
struct OAuthRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        router.on(.openIDConfiguration) { _, context in
            return Self.metadataResponse(issuer: dependencies.issuer(of: try tenant(context)))
        }
        // Outside /t/{tenant}: the tenant scope is not resolved by the edge, so it is looked up here.
        router.on(.authorizationServerMetadata) { _, context in
            let tenant = try tenant(context)
            guard try await dependencies.tenants.tenant(named: tenant) != nil else { throw TenantScope.notFound(tenant) }
            return Self.metadataResponse(issuer: dependencies.issuer(of: tenant))
        }
        router.on(.authorize) { _, _ -> Response in
            // RFC 6749 §4.1.2.1: never redirect to a redirect_uri that was not validated, and Lanyard registers none.
            throw OAuthError(
                .unsupportedResponseType,
                "Lanyard's authorization endpoint grants nothing interactively: workloads get tokens from the token endpoint (client_credentials with private_key_jwt, or token exchange)."
            )
        }
        router.on(.jwks) { _, context in
            let tenant = try tenant(context)
            guard let jwks = dependencies.keys.ring.jwks(tenant: tenant) else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            var response = JSONResponse.make(jwks)
            response.headers[.cacheControl] = "public, max-age=300"
            response.headers[.contentType] = "application/jwk-set+json"
            return response
        }
        router.on(.token) { request, context in
            let tenant = try tenant(context)
            let form = try await FormBody.decode(request)
            let tokenRequest = TokenRequest(form: form, dpopProofs: AccessTokenHeaders.dpopProofs(request))
            dependencies.tracing?.annotate { $0["lanyard.grant_type"] = RequestTracing.grantTypeAttribute(tokenRequest.grantType) }
            let response = try await dependencies.credentials.tokenEndpoint.issue(tokenRequest, tenant: tenant, urls: dependencies.urls(of: tenant))
            return JSONResponse.make(compact: response, headers: [.pragma: "no-cache"])
        }
        router.on(.introspect) { request, context in
            let tenant = try tenant(context)
            let form = try await FormBody.decode(request)
            _ = try await authenticateCaller(request, form: form, tenant: tenant, introspecting: true)
            guard let token = form["token"], !token.isEmpty else { throw OAuthError(.invalidRequest, "token is required.") }
            return JSONResponse.make(compact: await dependencies.credentials.tokens.introspect(token, tenant: tenant, urls: dependencies.urls(of: tenant)))
        }
        router.on(.revoke) { request, context in
            let tenant = try tenant(context)
            let form = try await FormBody.decode(request)
            let caller = try await authenticateCaller(request, form: form, tenant: tenant, introspecting: false)
            guard let token = form["token"], !token.isEmpty else { throw OAuthError(.invalidRequest, "token is required.") }
            try await dependencies.credentials.records.revoke(
                token: token, tenant: tenant, urls: dependencies.urls(of: tenant), byClient: caller.client, actor: caller.actor
            )
            return Response(status: .ok, headers: [.cacheControl: "no-store"])
        }
    }

    /// The caller of introspection or revocation: an identity authenticating with `private_key_jwt` (when the form
    /// carries a client assertion, which wins: OAuth clients may also send their access token as a bearer), or an
    /// administrator of the tenant with a bearer token.
    private func authenticateCaller(
        _ request: Request, form: [String: String], tenant: String, introspecting: Bool
    ) async throws -> (client: String?, actor: String) {
        if form["client_assertion"] == nil, let header = AuthorizationHeader(request) {
            let refusal = OAuthError(.invalidClient, "The bearer token is not an administrator token of this tenant allowed to do this.")
            guard header.scheme == .bearer,
                let principal = try? await dependencies.tenancy.authenticate(bearer: header.credentials)
            else { throw refusal }
            do {
                let route = introspecting ? APIRoute.introspect : APIRoute.revoke
                try await dependencies.authorizer.authorize(try route.requireAction(), caller: principal, target: .tenant(tenant))
            } catch {
                throw refusal
            }
            return (nil, principal.actor)
        }
        guard form["client_assertion"] != nil else {
            throw OAuthError(.invalidClient, "Authenticate with private_key_jwt (client_assertion) or an administrator bearer token.")
        }
        let urls = dependencies.urls(of: tenant)
        let tokenRequest = TokenRequest(form: form)
        if introspecting {
            let identity = try await dependencies.credentials.clients.authenticateIntrospector(tokenRequest, tenant: tenant, urls: urls)
            return (identity.id, "identity:\(identity.id)")
        }
        let identity = try await dependencies.credentials.clients.authenticate(
            tokenRequest, tenant: tenant, urls: urls, endpoint: urls.revocationEndpoint
        ).identity
        return (identity.id, "identity:\(identity.id)")
    }

    /// The answer at both discovery URLs: the metadata, cacheable for five minutes (``JSONResponse`` marks answers
    /// `no-store`, so the header is set after it).
    static func metadataResponse(issuer: String) -> Response {
        var response = JSONResponse.make(metadata(issuer: issuer))
        response.headers[.cacheControl] = "public, max-age=300"
        return response
    }

    /// The tenant issuer's metadata, the one document served at both discovery URLs.
    static func metadata(issuer: String) -> AuthorizationServerMetadata {
        AuthorizationServerMetadata(
            issuer: issuer, signingAlgorithms: SigningAlgorithm.allCases.map(\.rawValue), assertionAlgorithms: Array(JOSEHeader.acceptedAlgorithms),
            dpopAlgorithms: Array(DPoPPublicKey.acceptedAlgorithms))
    }
}
