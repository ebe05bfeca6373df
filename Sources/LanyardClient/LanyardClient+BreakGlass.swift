public import LanyardAPI
public import LanyardModel

extension LanyardClient {
    /// Opens break-glass: access at once for an emergency, reviewed afterwards.
    public func openBreakGlass(_ request: OpenBreakGlassRequest, tenant: String) async throws -> BreakGlass {
        try await send(APIRoute.breakGlassOpen.target(tenant), body: request)
    }

    /// Closes break-glass early (its access ends at once).
    public func closeBreakGlass(_ id: String, reason: String?, tenant: String) async throws -> BreakGlass {
        try await send(APIRoute.breakGlassClose.target(tenant, id), body: CloseBreakGlassRequest(reason: reason))
    }

    /// Reviews break-glass (someone other than its opener).
    public func reviewBreakGlass(_ id: String, note: String, tenant: String) async throws -> BreakGlass {
        try await send(APIRoute.breakGlassReview.target(tenant, id), body: ReviewBreakGlassRequest(note: note))
    }

    /// One break-glass record.
    public func breakGlass(_ id: String, tenant: String) async throws -> BreakGlass {
        try await send(APIRoute.breakGlassRead.target(tenant, id))
    }

    /// One page of break-glass records, newest first.
    public func breakGlasses(
        tenant: String, status: String? = nil, review: String? = nil, identity: String? = nil, limit: Int? = nil, cursor: String? = nil
    ) async throws -> BreakGlassList {
        var query: [(String, String)] = []
        if let status { query.append(("status", status)) }
        if let review { query.append(("review", review)) }
        if let identity { query.append(("identity", identity)) }
        return try await send(APIRoute.breakGlassList.target(tenant), query: query + pageQuery(limit: limit, cursor: cursor))
    }
}
