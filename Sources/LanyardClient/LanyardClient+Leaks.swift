public import LanyardAPI
public import LanyardModel

extension LanyardClient {
    /// Reports exposed tokens (at most ``ReportLeaksRequest/maxTokens`` at a time) through the plain leak door
    /// `POST /t/{tenant}/v1/leaks`: each live Lanyard credential among them is revoked with everything derived from it.
    /// The answer has one result per token, in order (`revoked`, `inactive`, `unknown` or `refused`).
    public func reportLeaks(_ tokens: [ReportedLeak], tenant: String) async throws -> ReportLeaksResponse {
        try await send(APIRoute.leakReport.target(tenant), body: ReportLeaksRequest(tokens: tokens))
    }

    /// One page of the tenant's leak reports, newest first.
    public func leakReports(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> LeakReportList {
        try await send(APIRoute.leakList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }
}

extension LanyardClient {
    /// Makes a bearer (`lyrvk_…`, shown once) for the tenant's GitLab-shaped leak door.
    public func createLeakDoorToken(description: String?, tenant: String) async throws -> CreatedLeakDoorToken {
        try await send(APIRoute.leakTokenCreate.target(tenant), body: CreateLeakDoorTokenRequest(description: description))
    }

    /// The tenant's leak door bearers, newest first, revoked ones included.
    public func leakDoorTokens(tenant: String) async throws -> LeakDoorTokenList {
        try await send(APIRoute.leakTokenList.target(tenant))
    }

    /// Revokes a leak door bearer at once.
    public func revokeLeakDoorToken(_ id: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.leakTokenRevoke.target(tenant, id), text: nil)
    }
}
