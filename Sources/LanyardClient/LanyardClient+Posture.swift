public import Foundation
public import LanyardAPI

extension LanyardClient {
    /// The posture report of `tenant` (of `owner`'s identities, or of one `identity`) as the server writes it in
    /// `format` (`json`, `html` or `sarif`).
    public func postureReport(tenant: String, format: String = "json", owner: String? = nil, identity: String? = nil) async throws -> Data {
        var query = [("format", format)]
        if let owner { query.append(("owner", owner)) }
        if let identity { query.append(("identity", identity)) }
        return try await sendText(APIRoute.postureReport.target(tenant), query: query, text: nil)
    }

    /// The posture report as a value.
    public func posture(tenant: String, owner: String? = nil, identity: String? = nil) async throws -> PostureReport {
        var query: [(String, String)] = []
        if let owner { query.append(("owner", owner)) }
        if let identity { query.append(("identity", identity)) }
        return try await send(APIRoute.postureReport.target(tenant), query: query)
    }
}
