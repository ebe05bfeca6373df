import HTTPTypes
package import Hummingbird
package import LanyardCore

/// Reads how a workload presents its access token: `Authorization: Bearer <token>` (RFC 6750 §2.1) or
/// `Authorization: DPoP <token>` (RFC 9449 §7.1), and the request's `DPoP` header values (RFC 9449 §4.1).
package enum AccessTokenHeaders {
    /// The token of the `Authorization` header with its scheme, or `nil` without a Bearer or DPoP header.
    package static func presented(_ request: Request) -> PresentedAccessToken? {
        guard let header = AuthorizationHeader(request) else { return nil }
        let scheme: PresentedAccessToken.Scheme
        switch header.scheme {
        case .bearer: scheme = .bearer
        case .dpop: scheme = .dpop
        case .other: return nil
        }
        return PresentedAccessToken(token: header.credentials, scheme: scheme, dpopProofs: dpopProofs(request))
    }

    /// The values of every `DPoP` header, at most a few (more are refused as "not exactly one" anyway).
    static func dpopProofs(_ request: Request) -> [String] {
        Array(request.headers.lazy.filter { $0.name.canonicalName == "dpop" }.map(\.value).prefix(4))
    }
}
