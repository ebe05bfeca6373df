public import LanyardAPI

extension LanyardClient {
    /// The tenant's console sign-in configuration (never the client secret).
    public func ssoConfiguration(tenant: String) async throws -> SSOConfigurationView {
        try await send(APIRoute.ssoRead.target(tenant))
    }

    /// Sets the tenant's console sign-in through its OpenID Provider.
    public func setSSO(_ request: SetSSORequest, tenant: String) async throws -> SSOConfigurationView {
        try await send(APIRoute.ssoSet.target(tenant), body: request)
    }

    /// Removes it (break-glass sign-in with an administrator token stays).
    public func removeSSO(tenant: String) async throws {
        _ = try await sendText(APIRoute.ssoRemove.target(tenant), text: nil)
    }
}
