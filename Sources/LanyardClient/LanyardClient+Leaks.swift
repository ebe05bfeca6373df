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
