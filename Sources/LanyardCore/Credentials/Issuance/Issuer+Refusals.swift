import LanyardAudit
import LanyardModel

/// Refusals: every ``OAuthError`` a grant or the issue step throws is recorded as an audit event before it is
/// answered, here and nowhere else.
extension Issuer {
    /// Runs `body`, the whole of one issuance request; when it throws an ``OAuthError``, records the refusal as
    /// `action` by `client` (its own member of a group commit) and rethrows it. Other errors pass unrecorded.
    ///
    /// - Parameter client: the client the request names, read only when there is a refusal to record.
    func recordingRefusals<T: Sendable>(
        tenant: String, action: AuditAction, client: @autoclosure () -> String?, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as OAuthError {
            try await recordRefusal(error, tenant: tenant, action: action, client: client())
            throw error
        }
    }

    private func recordRefusal(_ error: OAuthError, tenant: String, action: AuditAction, client: String?) async throws {
        let client = client.map { String($0.prefix(128)) } ?? "unknown"
        let event = AuditEvent(
            tenant: tenant, at: clock.now(), actor: "client:\(client)", action: action, target: "client:\(client)",
            details: ["error": error.code.rawValue, "reason": error.description])
        try await audit.appendAlone(event, store: store)
    }
}
