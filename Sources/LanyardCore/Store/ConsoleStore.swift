public import Foundation
public import LanyardModel

/// The console's records: each tenant's SSO configuration, sign-ins under way at a provider, and sessions.
///
/// Conformance: `ConsoleStoreConformance` in `LanyardTesting`.
public protocol ConsoleStore: Sendable {
    func ssoConfiguration(tenant: String) async throws -> SSOConfiguration?
    /// Creates or replaces the tenant's configuration.
    func putSSOConfiguration(_ configuration: SSOConfiguration) async throws
    /// Removes it; false when there was none.
    func deleteSSOConfiguration(tenant: String) async throws -> Bool

    func insertSignInAttempt(_ attempt: ConsoleSignInAttempt) async throws
    /// Removes and returns the attempt (so a `state` works once); nil when there is none.
    func takeSignInAttempt(tenant: String, stateHash: String) async throws -> ConsoleSignInAttempt?
    /// Removes attempts begun before `before`; returns how many.
    func deleteSignInAttempts(before: Date) async throws -> Int

    func insertConsoleSession(_ session: ConsoleSession) async throws
    func consoleSession(idHash: String) async throws -> ConsoleSession?
    /// Records activity; false (nothing changed) when the session has ended.
    func touchConsoleSession(idHash: String, at: Date) async throws -> Bool
    /// Ends the session; false (nothing changed) when it had already ended or does not exist.
    func endConsoleSession(idHash: String, at: Date) async throws -> Bool
}
