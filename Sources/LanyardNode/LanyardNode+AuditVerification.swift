public import LanyardAudit
import LanyardStorage

extension LanyardNode {
    /// Verifies the audit logs in a node's database offline (`lanyard audit verify`): the PostgreSQL database at
    /// `databaseURL`, or the SQLite database in `dataDir`, opened read-only. The checks are LanyardAudit's.
    ///
    /// - Parameters:
    ///   - tenant: only this tenant (every tenant when nil).
    ///   - witnessed: signed checkpoint notes kept outside the database.
    ///   - pinnedKey: the Ed25519 log key to check signatures with; nil to use each tenant's key from the database.
    public static func verifyAuditLogs(
        databaseURL: String?, dataDir: String, tenant: String?, witnessed: [String], pinnedKey: [UInt8]?
    ) async throws -> [(tenant: String, outcome: Result<AuditVerifier.Summary, AuditVerifier.Failure>)] {
        var settings = ServeConfiguration()
        settings.dataDir = dataDir
        settings.databaseURL = databaseURL
        return try await AuditDatabaseVerification.verify(
            try settings.databaseLocation(), tenant: tenant, witnessed: witnessed, pinnedKey: pinnedKey)
    }
}
