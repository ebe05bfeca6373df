import Foundation
import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// The tenant's SPIFFE surface under `/t/{tenant}/spiffe`: JWT-SVID and X.509-SVID issuance and the trust
/// bundle (SPIFFE JWKS and PEM).
struct SPIFFERoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let svids = dependencies.credentials.svids
        let bundle = dependencies.credentials.trustBundle
        router.on(.jwtSVID) { request, context in
            let tenant = try tenant(context)
            let svidRequest = try await SVIDRequestBody.decode(request)
            let response = try await svids.issueJWTSVID(svidRequest, tenant: tenant, urls: dependencies.urls(of: tenant))
            return JSONResponse.make(compact: response, headers: [.pragma: "no-cache"])
        }
        router.on(.x509SVID) { request, context in
            let tenant = try tenant(context)
            let svidRequest = try await SVIDRequestBody.decode(request)
            let response = try await svids.issueX509SVID(svidRequest, tenant: tenant, urls: dependencies.urls(of: tenant))
            return JSONResponse.make(response, headers: [.pragma: "no-cache"])
        }
        router.on(.spiffeBundlePEM) { _, context in
            let tenant = try tenant(context)
            let pem = try await bundle.bundlePEM(tenant: tenant)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-pem-file"
            headers[.cacheControl] = "public, max-age=\(TrustBundle.refreshHint)"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: pem)))
        }
        router.on(.spiffeBundle) { _, context in
            let tenant = try tenant(context)
            var response = JSONResponse.make(try await bundle.bundle(tenant: tenant))
            response.headers[.cacheControl] = "public, max-age=\(TrustBundle.refreshHint)"
            response.headers[.contentType] = "application/json"
            return response
        }
    }
}
