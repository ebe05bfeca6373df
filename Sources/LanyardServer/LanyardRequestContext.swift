public import Hummingbird
public import LanyardModel

/// Per-request state: Hummingbird's core storage plus the authenticated principal.
public struct LanyardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AdminAuthenticationMiddleware``; `nil` on unauthenticated routes.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The request id Hummingbird put in the logger's metadata.
    var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    /// The authenticated principal, or `unauthenticated`.
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw LanyardError(.unauthenticated, "A valid administrator bearer token is required (Authorization: Bearer …).")
        }
        return principal
    }
}
