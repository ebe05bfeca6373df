import Foundation
import LanyardCore
import LanyardModel

/// ``ConsoleStore`` in a grouped body: the plain session's.
extension DeferringSession {
    func ssoConfiguration(tenant: String) async throws -> SSOConfiguration? { try await base.ssoConfiguration(tenant: tenant) }
    func putSSOConfiguration(_ configuration: SSOConfiguration) async throws { try await base.putSSOConfiguration(configuration) }
    func deleteSSOConfiguration(tenant: String) async throws -> Bool { try await base.deleteSSOConfiguration(tenant: tenant) }
    func insertSignInAttempt(_ attempt: ConsoleSignInAttempt) async throws { try await base.insertSignInAttempt(attempt) }
    func takeSignInAttempt(tenant: String, stateHash: String) async throws -> ConsoleSignInAttempt? {
        try await base.takeSignInAttempt(tenant: tenant, stateHash: stateHash)
    }
    func deleteSignInAttempts(before: Date) async throws -> Int { try await base.deleteSignInAttempts(before: before) }
    func insertConsoleSession(_ session: ConsoleSession) async throws { try await base.insertConsoleSession(session) }
    func consoleSession(idHash: String) async throws -> ConsoleSession? { try await base.consoleSession(idHash: idHash) }
    func touchConsoleSession(idHash: String, at: Date) async throws -> Bool { try await base.touchConsoleSession(idHash: idHash, at: at) }
    func endConsoleSession(idHash: String, at: Date) async throws -> Bool { try await base.endConsoleSession(idHash: idHash, at: at) }
}
