import Foundation
import LanyardCore
import LanyardModel

/// ``LeakReportStore`` in a grouped body: the plain session's, so a report is stored inside the body's savepoint and
/// vanishes with it when the body fails.
extension DeferringSession {
    func insertLeakReport(_ report: LeakReport) async throws { try await base.insertLeakReport(report) }
    func leakReport(tenant: String, tokenHash: String) async throws -> LeakReport? { try await base.leakReport(tenant: tenant, tokenHash: tokenHash) }
    func leakReports(tenant: String, after: (receivedAt: Date, id: String)?, limit: Int?) async throws -> [LeakReport] {
        try await base.leakReports(tenant: tenant, after: after, limit: limit)
    }
}
