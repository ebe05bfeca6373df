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
    func insertLeakDoorToken(_ token: LeakDoorToken) async throws { try await base.insertLeakDoorToken(token) }
    func leakDoorToken(hash: String) async throws -> LeakDoorToken? { try await base.leakDoorToken(hash: hash) }
    func leakDoorTokens(tenant: String) async throws -> [LeakDoorToken] { try await base.leakDoorTokens(tenant: tenant) }
    func revokeLeakDoorToken(tenant: String, id: String, at: Date) async throws -> Bool {
        try await base.revokeLeakDoorToken(tenant: tenant, id: id, at: at)
    }
}
