import HTTPTypes
import Hummingbird
import LanyardCore
import LanyardModel
import LanyardSCIM

/// The edge of the SCIM surface (`/t/{tenant}/scim/v2/…`): the provisioning token is the one authenticator here, and
/// every failure — no or a wrong token (401), a token of another tenant (403), a body over the limit (413), an unknown
/// path (404), a write to a discovery endpoint (405), anything unexpected (500) — is a SCIM error body
/// (RFC 7644 §3.12, `status` as a string) in `application/scim+json`.
///
/// A provisioning token of tenant A can do nothing in tenant B and nothing outside `/scim/v2`: the admin edge does
/// not recognise `lsc_` tokens, and this middleware refuses a token whose tenant is not the path's.
struct SCIMEdgeMiddleware: RouterMiddleware {
    typealias Context = LanyardRequestContext
    let directory: Directory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            guard let header = AuthorizationHeader(request), header.scheme == .bearer,
                let provisioner = try await directory.authenticate(header.credentials)
            else {
                throw SCIMError(status: 401, detail: "A valid provisioning token is required (Authorization: Bearer lsc_…).")
            }
            guard let tenant = context.parameters.get("tenant"), provisioner.tenant == tenant else {
                throw SCIMError(status: 403, detail: "This provisioning token belongs to another tenant.")
            }
            var context = context
            context.provisioner = provisioner
            return try await next(request, context)
        } catch {
            return SCIMResponse.error(error, requestID: context.requestID, logger: context.logger)
        }
    }
}
