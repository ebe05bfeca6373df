import Foundation
import HTTPTypes
import Hummingbird
import LanyardCore
import LanyardModel

/// The tenant's SPIFFE surface under `/t/{tenant}/spiffe`: JWT-SVID and X.509-SVID issuance and the trust
/// bundle (SPIFFE JWKS and PEM).
struct SPIFFERoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let spiffe = router.group("t/:tenant/spiffe")
        let issuer = SVIDIssuer(credentials: dependencies.credentials)
        spiffe.post("jwt-svid") { request, context in
            let tenant = try tenant(context)
            let svidRequest = try await SVIDRequestBody.decode(request)
            let response = try await issuer.issueJWTSVID(svidRequest, tenant: tenant, urls: dependencies.urls(of: tenant))
            return JSONResponse.make(compact: response, headers: [.pragma: "no-cache"])
        }
        spiffe.post("x509-svid") { request, context in
            let tenant = try tenant(context)
            let svidRequest = try await SVIDRequestBody.decode(request)
            let response = try await issuer.issueX509SVID(svidRequest, tenant: tenant, urls: dependencies.urls(of: tenant))
            return JSONResponse.make(response, headers: [.pragma: "no-cache"])
        }
        spiffe.get("bundle.pem") { _, context in
            let tenant = try tenant(context)
            let pem = try await issuer.bundlePEM(tenant: tenant)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-pem-file"
            headers[.cacheControl] = "public, max-age=\(SVIDIssuer.bundleRefreshHint)"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: pem)))
        }
        spiffe.get("bundle") { _, context in
            let tenant = try tenant(context)
            var response = JSONResponse.make(try await issuer.bundle(tenant: tenant))
            response.headers[.cacheControl] = "public, max-age=\(SVIDIssuer.bundleRefreshHint)"
            response.headers[.contentType] = "application/json"
            return response
        }
    }
}
