public import LanyardAPI
public import LanyardModel

extension LanyardClient {
    /// One page of findings, newest first (`status`, `kind`, `severity` = the least severity, `subject`, `owner`).
    public func findings(
        tenant: String, status: String? = nil, kind: String? = nil, severity: String? = nil, subject: String? = nil, owner: String? = nil,
        limit: Int? = nil, cursor: String? = nil
    ) async throws -> FindingList {
        var query: [(String, String)] = []
        if let status { query.append(("status", status)) }
        if let kind { query.append(("kind", kind)) }
        if let severity { query.append(("severity", severity)) }
        if let subject { query.append(("subject", subject)) }
        if let owner { query.append(("owner", owner)) }
        return try await send(APIRoute.findingList.target(tenant), query: query + pageQuery(limit: limit, cursor: cursor))
    }

    public func finding(_ id: String, tenant: String) async throws -> Finding {
        try await send(APIRoute.findingRead.target(tenant, id))
    }

    public func acknowledgeFinding(_ id: String, note: String?, tenant: String) async throws -> Finding {
        try await send(APIRoute.findingAcknowledge.target(tenant, id), body: AcknowledgeFindingRequest(note: note))
    }

    public func suppressFinding(_ id: String, reason: String, duration: String, tenant: String) async throws -> Finding {
        try await send(APIRoute.findingSuppress.target(tenant, id), body: SuppressFindingRequest(reason: reason, duration: duration))
    }

    public func resolveFinding(_ id: String, reason: String, tenant: String) async throws -> Finding {
        try await send(APIRoute.findingResolve.target(tenant, id), body: ResolveFindingRequest(reason: reason))
    }

    public func remediateFinding(_ id: String, _ request: RemediateFindingRequest, tenant: String) async throws -> FindingRemediation {
        try await send(APIRoute.findingRemediate.target(tenant, id), body: request)
    }

    /// Runs the detection rules of `tenant` now.
    public func evaluateFindings(tenant: String) async throws -> FindingEvaluation {
        try await send(APIRoute.findingEvaluate.target(tenant))
    }
}
