public import Foundation
public import LanyardAPI
public import LanyardModel

/// The access report: how requests and grants made in a window went — approval latency, the share approved by policy,
/// and the share of grants that expired without ever being used (access nobody needed).
extension AccessRequests {
    /// The longest window a report covers.
    public static let maxReportWindow = TimeSpan.days(366)
    /// The most requests or grants one report reads; a busier window is refused (narrow it).
    public static let maxReportRows = 100_000

    /// The report over requests and grants made from `since` through `until`, to the second (default: the 30 days up to
    /// now).
    /// - Throws: `invalid_field` for a window that is empty, longer than a year, or holds more than
    ///   ``maxReportRows`` requests or grants; `forbidden`; `not_found`.
    public func report(tenant: String, since: Date?, until: Date?, by principal: Principal) async throws -> AccessReport {
        try AdminRoles.require(.accessReport, principal, tenant: tenant)
        let now = clock.now()
        let end = until ?? now
        let start = since ?? end.addingTimeInterval(-30 * 86_400)
        guard start < end, end.timeIntervalSince(start) <= TimeInterval(Self.maxReportWindow.seconds) else {
            throw LanyardError.invalid("since", "The report's window must be non-empty and at most \(Self.maxReportWindow) long.")
        }
        let (requests, grants) = try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            let requests = try await Self.collect(since: start, until: end, createdAt: \AccessRequest.createdAt, id: \.id) { after, limit in
                try await session.accessRequests(tenant: tenant, filter: AccessRequestFilter(), after: after, limit: limit)
            }
            let grants = try await Self.collect(since: start, until: end, createdAt: \Entitlement.createdAt, id: \.id) { after, limit in
                try await session.entitlements(tenant: tenant, filter: EntitlementFilter(), after: after, limit: limit)
            }
            return (requests, grants)
        }
        var byStatus: [String: Int] = [:]
        var latencies: [Double] = []
        var approved = 0
        var autoApproved = 0
        for request in requests {
            byStatus[request.status(at: now).rawValue, default: 0] += 1
            guard let approvedAt = request.approvedAt else { continue }
            approved += 1
            if request.isApprovedByPolicy {
                autoApproved += 1
            } else {
                latencies.append(approvedAt.timeIntervalSince(request.createdAt))
            }
        }
        let ended = grants.filter { $0.status != .active || $0.expiresAt <= now }
        let expiredUnused = ended.filter { ($0.status == .expired || ($0.status == .active && $0.expiresAt <= now)) && $0.lastUsedAt == nil }
        latencies.sort()
        return AccessReport(
            since: start, until: end, requests: byStatus, approved: approved, autoApproved: autoApproved,
            approvalLatencyP50: Self.nearestRank(latencies, 0.50), approvalLatencyP95: Self.nearestRank(latencies, 0.95), grantsEnded: ended.count,
            grantsExpiredUnused: expiredUnused.count)
    }

    /// The `fraction` percentile of sorted `values` by nearest rank, or nil for none.
    static func nearestRank(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }

    /// Rows made from `since` through `until` (to the second), read newest first in pages until one is older than `since`.
    private static func collect<Row>(
        since: Date, until: Date, createdAt: KeyPath<Row, Date>, id: KeyPath<Row, String>,
        page: ((createdAt: Date, id: String)?, Int) async throws -> [Row]
    ) async throws -> [Row] {
        var rows: [Row] = []
        var after: (createdAt: Date, id: String)?
        let size = 1000
        while true {
            let batch = try await page(after, size)
            // To the second, both ends included: instants on the wire are whole seconds, rows are stored finer.
            for row in batch where row[keyPath: createdAt].timeIntervalSince1970.rounded(.down) <= until.timeIntervalSince1970 {
                guard row[keyPath: createdAt].timeIntervalSince1970.rounded(.down) >= since.timeIntervalSince1970.rounded(.down) else { return rows }
                rows.append(row)
                guard rows.count <= maxReportRows else {
                    throw LanyardError.invalid("since", "More than \(maxReportRows) requests or grants in the window; narrow it.")
                }
            }
            guard batch.count == size, let last = batch.last else { return rows }
            after = (last[keyPath: createdAt], last[keyPath: id])
        }
    }
}
