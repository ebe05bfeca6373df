import Foundation
import LanyardCore
import LanyardModel

/// ``FindingStore`` in a grouped body: the plain session's, so a finding is raised inside the body's savepoint and
/// vanishes with it when the body fails.
extension DeferringSession {
    func raiseFinding(_ finding: Finding) async throws -> Bool { try await base.raiseFinding(finding) }
    func finding(tenant: String, id: String) async throws -> Finding? { try await base.finding(tenant: tenant, id: id) }
    func findings(tenant: String, filter: FindingFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Finding] {
        try await base.findings(tenant: tenant, filter: filter, after: after, limit: limit)
    }
    func unresolvedFindings(tenant: String, kinds: [FindingKind]?) async throws -> [Finding] {
        try await base.unresolvedFindings(tenant: tenant, kinds: kinds)
    }
    func resolveFinding(tenant: String, subject: String, kind: FindingKind, at: Date, resolution: String) async throws -> Finding? {
        try await base.resolveFinding(tenant: tenant, subject: subject, kind: kind, at: at, resolution: resolution)
    }
    func updateFinding(_ finding: Finding, ifStatus status: FindingStatus, updatedAt: Date) async throws -> Bool {
        try await base.updateFinding(finding, ifStatus: status, updatedAt: updatedAt)
    }
    func dueSuppressedFindings(now: Date, limit: Int) async throws -> [Finding] { try await base.dueSuppressedFindings(now: now, limit: limit) }
    func findingCursor(tenant: String, detector: String) async throws -> Int64? { try await base.findingCursor(tenant: tenant, detector: detector) }
    func setFindingCursor(tenant: String, detector: String, seq: Int64) async throws {
        try await base.setFindingCursor(tenant: tenant, detector: detector, seq: seq)
    }
}
