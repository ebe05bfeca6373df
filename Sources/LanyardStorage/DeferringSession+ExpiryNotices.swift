import Foundation
import LanyardCore
import LanyardModel

/// ``ExpiryNoticeStore`` in a grouped body: the plain session's, inside the body's savepoint.
extension DeferringSession {
    func identitiesDueForExpiryNotice(
        tenant: String, templates: [String], lead: TimeSpan, expiringAfter: Date, atOrBefore: Date, limit: Int
    ) async throws -> [Identity] {
        try await base.identitiesDueForExpiryNotice(
            tenant: tenant, templates: templates, lead: lead, expiringAfter: expiringAfter, atOrBefore: atOrBefore, limit: limit)
    }
    func recordExpiryNotice(_ notice: ExpiryNotice) async throws -> Bool { try await base.recordExpiryNotice(notice) }
    func expiryNotices(tenant: String, identityID: String) async throws -> [ExpiryNotice] {
        try await base.expiryNotices(tenant: tenant, identityID: identityID)
    }
}
