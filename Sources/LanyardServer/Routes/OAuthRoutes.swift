import Foundation
import HTTPTypes
import Hummingbird
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel
import Tracing

/// The tenant's issuer: OIDC discovery, JWKS, and the OAuth 2.0 token (RFC 6749 + RFC 7523), introspection
/// (RFC 7662) and revocation (RFC 7009) endpoints, under `/t/{tenant}`.
struct OAuthRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        router.on(.openIDConfiguration) { _, context in
            let tenant = try tenant(context)
            return JSONResponse.make(Self.metadata(dependencies.urls(of: tenant)), headers: [.cacheControl: "public, max-age=300"])
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

    static func metadata(_ urls: IssuerURLs) -> [String: JSONValue] {
        let algorithms = JSONValue.array(SigningAlgorithm.allCases.map { .string($0.rawValue) })
        return [
            "issuer": .string(urls.issuer),
            "jwks_uri": .string(urls.jwksURI),
            "token_endpoint": .string(urls.tokenEndpoint),
            "introspection_endpoint": .string(urls.introspectionEndpoint),
            "revocation_endpoint": .string(urls.revocationEndpoint),
            "grant_types_supported": .array([.string("client_credentials"), .string(TokenRequest.tokenExchange)]),
            "token_endpoint_auth_methods_supported": .array([.string("private_key_jwt")]),
            "token_endpoint_auth_signing_alg_values_supported": .array(JOSEHeader.acceptedAlgorithms.sorted().map(JSONValue.string)),
            "introspection_endpoint_auth_methods_supported": .array([.string("private_key_jwt"), .string("bearer")]),
            "revocation_endpoint_auth_methods_supported": .array([.string("private_key_jwt"), .string("bearer")]),
            "response_types_supported": .array([.string("token")]),
            "subject_types_supported": .array([.string("public")]),
            "id_token_signing_alg_values_supported": algorithms,
            "access_token_signing_alg_values_supported": algorithms,
            "scopes_supported": .array([]),
            "dpop_signing_alg_values_supported": .array(DPoPPublicKey.acceptedAlgorithms.sorted().map(JSONValue.string)),
        ]
    }
}
