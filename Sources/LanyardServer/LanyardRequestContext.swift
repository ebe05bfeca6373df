public import Hummingbird
import LanyardAPI
public import LanyardCore
public import LanyardModel
import Logging

/// Per-request state: Hummingbird's core storage plus the caller, established once by the edge.
public struct LanyardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `CallerAuthenticationMiddleware` on the admin surfaces; `nil` on unauthenticated routes.
    public var caller: Caller?
    /// Set by `SCIMEdgeMiddleware` on the SCIM surface: the provisioning token's tenant and id.
    public var provisioner: Directory.Provisioner?
    /// The tenant of a `/t/{tenant}/…` path, set by `TenantScopeMiddleware` when it exists.
    public var scope: TenantScope?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.provisioner = nil
        self.scope = nil
    }

    /// The administrator token's principal, when the caller is one.
    public var principal: Principal? {
        if case .administrator(let principal) = caller { return principal }
        return nil
    }

    /// The request id Hummingbird put in the logger's metadata.
    var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    /// The `{name}` segment of the request's path, percent-decoded: the value the client put in with
    /// ``APIRoute/path(_:)``, whatever characters it has (the router matches the encoded path and does not decode it).
    /// The tenant is read undecoded elsewhere: a tenant name never needs encoding.
    /// - Throws: `not_found` (`missing`) when the route has no such segment; `invalid_request` when it is not valid
    ///   percent-encoded UTF-8.
    func pathParameter(_ name: String, missing: String) throws -> String {
        guard let raw = parameters[name[...]] else { throw LanyardError(.notFound, missing) }
        guard let value = PercentEncoding.decode(raw) else {
            throw LanyardError(.invalidRequest, "The path segment '\(name)' is not valid percent-encoded UTF-8.")
        }
        return value
    }

    /// The administrator principal, or `unauthenticated` (the admin gate has already refused every other caller).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw CallerAuthenticationMiddleware.unauthenticated }
        return principal
    }
}
